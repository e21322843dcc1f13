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
      'In Kubernetes Deployment/StatefulSet/DaemonSet/Job/Pod, KServe `InferenceService`, Seldon: a container without `resources.limits.memory` or without `resources.requests`.',
    doesNotFlag:
      'CPU limits (deliberately not required); objects without containers (Services, ConfigMaps); container fragments without an image (kustomize patches).',
    fix: 'insert a `resources:` block (yaml edit that keeps comments).',
    examplePath: 'k8s/deployment.yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n          resources:\n            requests:\n              cpu: 500m\n              memory: 1Gi\n            limits:\n              memory: 2Gi\n',
  },
  implementations: { manifest },
});
