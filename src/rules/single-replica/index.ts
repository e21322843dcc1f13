import { defineRule } from '../define';
import { singleReplica } from './project';

export const rule = defineRule({
  id: 'single-replica',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'info',
  fixable: false,
  summary: 'A serving workload with one replica and no autoscaler has no redundancy.',
  docs: {
    why: 'One replica with no autoscaler means every deploy, node drain or crash is an outage, and load spikes have nowhere to go.',
    flags:
      'In Deployment/StatefulSet/InferenceService: `replicas: 1` (or `minReplicas: 1`) with no HorizontalPodAutoscaler for it in the workspace.',
    doesNotFlag: 'Anything outside the files and patterns listed above.',
    fix: 'none.',
  },
  implementations: { project: singleReplica },
});
