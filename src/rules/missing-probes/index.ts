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
    flags: 'In same: a long-running container with no `readinessProbe` or no `livenessProbe`.',
    doesNotFlag: 'Anything outside the files and patterns listed above.',
    fix: 'insert probe stubs.',
  },
  implementations: { manifest },
});
