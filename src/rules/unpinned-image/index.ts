import { defineRule } from '../define';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'unpinned-image',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'warning',
  fixable: false,
  summary: 'Pin container images to a tag or digest other than latest.',
  docs: {
    why: 'An untagged or `:latest` base image changes under you: rebuilds pull a different OS, Python or CUDA version, and what passed CI is not what runs.',
    flags: 'In Dockerfile `FROM`, compose `image:`, Kubernetes `image:`: no tag, or `:latest`.',
    doesNotFlag:
      'Version tags, digests (`@sha256:`), `${VAR}` references (their value is set elsewhere), `FROM` an earlier stage, `scratch`, and the `image:` name of a compose service that is built here (`build:`).',
    fix: 'none.',
    examplePath: 'Dockerfile',
    bad: 'FROM python:latest\nCOPY . /app\nCMD ["python", "-m", "app.worker"]\n',
    good: 'FROM python:3.11.9-slim\nCOPY . /app\nCMD ["python", "-m", "app.worker"]\n',
  },
  implementations: { manifest },
});
