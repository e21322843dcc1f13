import { defineRule } from '../define';
import { undeclaredEnvVar } from './project';

export const rule = defineRule({
  id: 'undeclared-env-var',
  languages: ['py', 'ts/js', 'cross-file'],
  category: 'configuration',
  severity: 'warning',
  fixable: false,
  summary: 'Environment variables the code reads must be set by the deployment.',
  scope: 'production',
  docs: {
    why: 'An environment variable the code reads without a default but no deployment artifact sets works only in the developer\'s shell: elsewhere `os.environ["X"]` raises KeyError (at start-up when it runs at import), and `os.getenv("X")` / `process.env.X` quietly return None / undefined, which the code then runs on with.',
    flags:
      '`os.environ["X"]` / `os.getenv("X")`-without-default / `process.env.X`-without-fallback where no deployment artifact in the workspace provides `X` (Dockerfile `ENV`/`ARG`, compose `environment:`/`env_file`, Kubernetes `env:`/`envFrom` names, `.env`/`.env.example`) \u2014 only when the workspace has at least one such artifact.',
    doesNotFlag: 'reads with a default; workspaces with no deployment artifact.',
    fix: 'none (the message lists where it looked and says what the read does where the variable is missing: KeyError, None or undefined).',
    examplePath: 'app/config.py',
    exampleFiles: {
      Dockerfile:
        'FROM python:3.11-slim\nWORKDIR /srv\nCOPY app/ /srv/app/\nENV MODEL_PATH=/models/model.joblib\nCMD ["python", "-m", "app.config"]\n',
    },
    bad: 'import os\n\nMODEL_PATH = os.environ["MODEL_PATH"]\nFEATURE_STORE_URL = os.environ["FEATURE_STORE_URL"]\n',
    good: 'import os\n\nMODEL_PATH = os.environ["MODEL_PATH"]\nFEATURE_STORE_URL = os.environ.get("FEATURE_STORE_URL", "http://features:8080")\n',
  },
  implementations: { project: undeclaredEnvVar },
});
