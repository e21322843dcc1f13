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
    doesNotFlag: 'Anything outside the files and patterns listed above.',
    fix: 'pin to the version found in a lockfile or installed environment in the workspace when one is known; otherwise no fix.',
  },
  implementations: { manifest },
});
