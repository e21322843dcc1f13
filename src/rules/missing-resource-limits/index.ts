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
      'In Kubernetes Deployment/StatefulSet/DaemonSet/Job/CronJob/Pod, KServe `InferenceService` (custom containers and model-format predictors), SeldonDeployment: a container whose `resources` has no `limits.memory`, or no `requests` at all, on its `- name:` entry.',
    doesNotFlag:
      'CPU limits (not required: many clusters deliberately run without them); containers without an `image:` (kustomize patches); KubeRay pods (the cluster spec sizes them).',
    fix: "never safe: insert what is missing of `requests` (`cpu: 250m`, `memory: 512Mi`) and `limits.memory: 1Gi`, as whole lines indented like their siblings, keeping comments. No fix for known model servers (vLLM, TGI, Triton, Ollama) and containers that request a GPU: their memory is the model's, and a guessed limit gets them killed; the message says to size it from the model.",
    examplePath: 'k8s/deployment.yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n          resources:\n            requests:\n              cpu: 500m\n              memory: 1Gi\n            limits:\n              memory: 2Gi\n',
  },
  implementations: { manifest },
});
