import { defineRule } from '../define';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'container-runs-as-root',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'warning',
  fixable: true,
  summary: 'The final image stage should run as a non-root user.',
  docs: {
    why: "A container that runs as root turns any code-execution bug (a pickle load, a template injection) into root on the container and a step towards the node. Most clusters' security policies reject such pods.",
    flags: 'In Dockerfile: a final stage with no `USER` other than root.',
    doesNotFlag: 'Anything outside the files and patterns listed above.',
    fix: 'add `USER 1000` before `CMD`/`ENTRYPOINT`.',
  },
  implementations: { manifest },
});
