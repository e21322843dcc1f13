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
      'In Deployment/StatefulSet/InferenceService/SeldonDeployment: `replicas: 1` (InferenceService `minReplicas: 1`; SeldonDeployment `spec.predictors[].replicas`, else its `spec.replicas`) with no HorizontalPodAutoscaler or KEDA ScaledObject for it in the project, on the `replicas:` line.',
    doesNotFlag:
      'An InferenceService whose `maxReplicas` exceeds `minReplicas`; a Seldon predictor whose components declare an `hpaSpec` or `kedaSpec`; workloads without an explicit replica count.',
    fix: 'none.',
    examplePath: 'k8s/deployment.yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n',
  },
  implementations: { project: singleReplica },
});
