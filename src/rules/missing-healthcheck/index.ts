import { defineRule } from '../define';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'missing-healthcheck',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'info',
  fixable: true,
  summary: 'Service images and compose services should define a health check.',
  docs: {
    why: 'Without a health check, the orchestrator cannot tell a hung model server from a healthy one and keeps routing traffic to it.',
    flags: 'In Dockerfile, compose service: no `HEALTHCHECK` (Dockerfile) / no `healthcheck:` (compose) for a service image.',
    doesNotFlag: 'Anything outside the files and patterns listed above.',
    fix: 'insert a `HEALTHCHECK` / `healthcheck:` stanza.',
  },
  implementations: { manifest },
});
