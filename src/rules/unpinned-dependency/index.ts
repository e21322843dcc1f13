import { defineRule } from '../define';
import { deploymentOf } from '../deploymentOf';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'unpinned-dependency',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'warning',
  fixable: true,
  summary: 'Pin dependencies to exact versions.',
  docs: {
    why: 'An unpinned requirement installs whatever version is newest on the day of the build, so two builds of the same commit can behave differently, and a breaking release upstream breaks production without a code change.',
    flags:
      'In requirements*.txt, pyproject.toml (`[project] dependencies`, Poetry), Pipfile, package.json `dependencies`, bentofile.yaml `python.packages`: a requirement with no exact version (`==`/`===`, Poetry `=`, npm exact); `*`/`latest`; a VCS requirement without a commit hash — on the requirement. In Dockerfiles, every package that a `RUN pip install` / `python -m pip install` / `uv pip install` / `npm install` (also `yarn add`, `pnpm add`) names without an exact version, in any stage that a target stage builds or copies from — on the line that names it.',
    doesNotFlag:
      "A pyproject.toml, Pipfile or package.json whose own lockfile (`poetry.lock`, `uv.lock`, `pdm.lock`, `Pipfile.lock`, `package-lock.json`, `yarn.lock`, `pnpm-lock.yaml`) sits beside it or at its workspace root (R2.6: it pins the manifest); names pinned by a `-c` constraints file; a pip-tools `requirements.in` with its compiled `requirements.txt` beside it; requirements for tests, docs, linting or development, Poetry dev groups and Pipfile `[dev-packages]`; in Dockerfiles, pip installs with `-c`/`--constraint`, `--require-hashes` (or uv `--override`/`--exclude-newer`, `PIP_CONSTRAINT` in the stage's ENV), `-r` files (checked as manifests), flags and their values, local paths and wheels, `$VARIABLES`, and stages no target uses.",
    fix: 'safe: pin to the version a lockfile of the project records, else the one installed in its environment (`.venv` site-packages, `node_modules`); otherwise no fix. Never on a manifest with its own lockfile, which the edit would leave stale.',
    examplePath: 'requirements.txt',
    exampleFiles: {
      Dockerfile: 'FROM python:3.11-slim\nWORKDIR /srv\nCOPY . /srv\nRUN pip install -r requirements.txt\nCMD ["python", "serve.py"]\n',
      'serve.py': 'import fastapi\n',
      // The versions the project's lockfile records are what the fix pins to.
      'poetry.lock': '[[package]]\nname = "fastapi"\nversion = "0.111.0"\n\n[[package]]\nname = "scikit-learn"\nversion = "1.4.2"\n',
    },
    bad: 'fastapi\nscikit-learn>=1.3\n',
    good: 'fastapi==0.111.0\nscikit-learn==1.4.2\n',
  },
  implementations: {
    manifest,
    // R2.1: installed manifests only, never one installed through its lockfile. A Dockerfile's own
    // `RUN pip install` is an install wherever it stands.
    limit: (file, _finding, model) => {
      const deployment = deploymentOf(model);
      if (!deployment || /(^|[\\/])(Dockerfile[^\\/]*|[^\\/]*\.dockerfile)$/i.test(file)) return true;
      const manifest = deployment.manifest(file);
      return manifest.installed && !manifest.throughLockfile;
    },
  },
});
