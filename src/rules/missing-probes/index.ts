import { defineRule } from '../define';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'missing-probes',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'warning',
  fixable: true,
  summary: 'Long-running containers need readiness and liveness probes.',
  docs: {
    why: 'Without a readiness probe, traffic arrives before the model has loaded; without a liveness probe, a hung worker is never restarted.',
    flags:
      'In Kubernetes workloads (Deployment, StatefulSet, DaemonSet, Pod) and KServe predictors: a long-running container with no `readinessProbe` or no `livenessProbe`.',
    doesNotFlag: 'Init containers, Jobs and CronJobs, and run-once Pods.',
    fix: 'insert probe stubs.',
    examplePath: 'k8s/deployment.yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n          ports:\n            - containerPort: 8000\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n          ports:\n            - containerPort: 8000\n          readinessProbe:\n            httpGet: {path: /ready, port: 8000}\n          livenessProbe:\n            httpGet: {path: /healthz, port: 8000}\n',
  },
  implementations: { manifest },
});
