import { defineRule } from '../define';
import { manifest } from './manifest';

export const rule = defineRule({
  id: 'container-runs-as-root',
  languages: ['manifests'],
  category: 'deployment',
  severity: 'warning',
  fixable: true,
  summary: 'The final image stage should run as a non-root user.',
  docs: {
    why: "A container that runs as root turns any code-execution bug (a pickle load, a template injection) into root on the container and a step towards the node. Most clusters' security policies reject such pods.",
    flags: 'In Dockerfile: a final stage with no `USER` other than root.',
    doesNotFlag:
      'Earlier build stages; a final stage built `FROM` a stage that sets a non-root user; base images known to run as non-root (distroless `:nonroot`, Chainguard, Bitnami application images); `USER ${VAR}`, whose value prodready cannot know.',
    fix: 'add `USER 1000` before `CMD`/`ENTRYPOINT`.',
    examplePath: 'Dockerfile',
    bad: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "-m", "app.worker"]\n',
    good: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 1000\nCMD ["python", "-m", "app.worker"]\n',
  },
  implementations: { manifest },
});
