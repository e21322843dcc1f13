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
    doesNotFlag: 'Anything outside the files and patterns listed above.',
    fix: 'none.',
  },
  implementations: { manifest },
});
