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
    doesNotFlag:
      'Images that only run a job (no `EXPOSE`, no server command); `HEALTHCHECK NONE` (an explicit choice); a health check inherited from an earlier stage; compose services pulled from elsewhere (their image may define one) or built from a Dockerfile that defines a `HEALTHCHECK`.',
    fix: 'insert a `HEALTHCHECK` / `healthcheck:` stanza.',
    examplePath: 'Dockerfile',
    bad: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 1000\nEXPOSE 8000\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]\n',
    good: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 1000\nEXPOSE 8000\nHEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/healthz\')"\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]\n',
  },
  implementations: { manifest },
});
