import { defineRule } from '../define';
import { singleReplica } from './project';

export const rule = defineRule({
  id: 'single-replica',
  languages: ['manifests', 'cross-file'],
  category: 'deployment',
  severity: 'info',
  fixable: false,
  summary: 'A serving workload with one replica and no autoscaler has no redundancy.',
  docs: {
    why: 'One replica with no autoscaler means every deploy, node drain or crash is an outage, and load spikes have nowhere to go.',
    flags:
      'In Deployment/StatefulSet/InferenceService: `replicas: 1` (or `minReplicas: 1`) with no HorizontalPodAutoscaler for it in the workspace.',
    doesNotFlag:
      'Workloads with more than one replica; workloads that a HorizontalPodAutoscaler or KEDA ScaledObject in the project targets; an InferenceService whose `maxReplicas` leaves room to scale.',
    fix: 'none.',
    examplePath: 'k8s/deployment.yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n',
  },
  implementations: { project: singleReplica },
});
