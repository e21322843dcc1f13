import { defineRule } from '../define';
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
      'In requirements*.txt, pyproject.toml (`[project] dependencies`, Poetry), Pipfile, package.json `dependencies`, bentofile.yaml `python.packages`: a requirement with no exact version (`==`/`===`, Poetry `=`, npm exact or lockfile present); `*`/`latest`; a VCS requirement without a commit hash.',
    doesNotFlag:
      'Exact pins (`==`/`===`, Poetry `=`, npm exact versions); npm ranges when a lockfile sits beside package.json (npm ci installs the locked version); names pinned by a `-c` constraints file; a pip-tools source whose compiled `requirements.txt` sits beside it; VCS requirements pinned to a commit; requirements for tests, docs, linting or development (dev groups, `[dev-packages]`).',
    fix: 'pin to the version found in a lockfile or installed environment in the workspace when one is known; otherwise no fix.',
    examplePath: 'pyproject.toml',
    exampleFiles: {
      'uv.lock':
        'version = 1\n\n[[package]]\nname = "fastapi"\nversion = "0.111.0"\n\n[[package]]\nname = "scikit-learn"\nversion = "1.4.2"\n',
    },
    bad: '[project]\nname = "scorer"\nversion = "1.0.0"\ndependencies = ["fastapi", "scikit-learn>=1.3"]\n',
    good: '[project]\nname = "scorer"\nversion = "1.0.0"\ndependencies = ["fastapi==0.111.0", "scikit-learn==1.4.2"]\n',
  },
  implementations: { manifest },
});
