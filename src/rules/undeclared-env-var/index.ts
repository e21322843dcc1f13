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
    why: "An environment variable the code requires but no deployment artifact sets makes the service crash at start-up (or on the first request) in every environment except the developer's shell.",
    flags:
      '`os.environ["X"]` / `os.getenv("X")`-without-default / `process.env.X`-without-fallback where no deployment artifact in the workspace provides `X` (Dockerfile `ENV`/`ARG`, compose `environment:`/`env_file`, Kubernetes `env:`/`envFrom` names, `.env`/`.env.example`) \u2014 only when the workspace has at least one such artifact.',
    doesNotFlag: 'reads with a default; workspaces with no deployment artifact.',
    fix: 'none (message lists where it looked).',
    examplePath: 'app/config.py',
    exampleFiles: {
      Dockerfile: 'FROM python:3.11-slim\nENV MODEL_PATH=/models/model.joblib\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n',
    },
    bad: 'import os\n\nMODEL_PATH = os.environ["MODEL_PATH"]\nFEATURE_STORE_URL = os.environ["FEATURE_STORE_URL"]\n',
    good: 'import os\n\nMODEL_PATH = os.environ["MODEL_PATH"]\nFEATURE_STORE_URL = os.environ.get("FEATURE_STORE_URL", "http://features:8080")\n',
  },
  implementations: { project: undeclaredEnvVar },
});
