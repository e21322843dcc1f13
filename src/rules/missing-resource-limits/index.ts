import { defineRule } from '../define';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'missing-resource-limits',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'warning',
  fixable: true,
  summary: 'Containers need memory limits and resource requests.',
  docs: {
    why: 'A container without memory limits or requests can be scheduled anywhere and can eat the node: a model that loads a larger checkpoint takes neighbours down with it, and the scheduler cannot place pods sensibly.',
    flags:
      'In Kubernetes Deployment/StatefulSet/DaemonSet/Job/Pod, KServe `InferenceService`, Seldon: a container without `resources.limits` (cpu and memory) or `requests`.',
    doesNotFlag: 'Anything outside the files and patterns listed above.',
    fix: 'insert a `resources:` block (yaml edit that keeps comments).',
  },
  implementations: { manifest },
});
