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
    flags:
      "Dockerfile: each target stage (see `container-runs-as-root`) whose command runs a server — it `EXPOSE`s a port, runs a known server (`uvicorn`, `gunicorn`, `fastapi`, `bentoml`, `torchserve`, `tritonserver`, `vllm`, `text-generation-launcher`, `ollama`, `mlserver`, `nginx`, `node`, ...) or is a known model-server image — with no `HEALTHCHECK` in its chain, on that stage's `FROM`. Compose: a service that another service lists under `depends_on` (built or pulled) with no `healthcheck:`, on the service key.",
    doesNotFlag:
      'Job images; `HEALTHCHECK NONE` (an explicit choice) and health checks inherited from an earlier stage; Lambda base images; compose services nothing depends on, and depended-on services built from a Dockerfile target that has a `HEALTHCHECK`. Once the deployment model is wired in, also images that only platforms ignoring `HEALTHCHECK` run (Kubernetes, KubeRay, Cloud Run, Lambda).',
    fix: "unsafe, and only where the health route and port are known: a known model server's documented ones (vLLM `/health` 8000, TGI `/health` 80, Triton `/v2/health/ready` 8000, TorchServe `/ping` 8080, MLServer and KServe runtimes `/v2/health/ready` 8080; its `--port` flag wins), probed with a tool the image has (`python3 -c` with `urllib.request`; Ollama: `ollama list`); compose Postgres and Redis get `pg_isready` and `redis-cli ping`. Otherwise no fix, and the message says to add a health route to the app (no guessed `/health`).",
    examplePath: 'Dockerfile',
    bad: 'FROM vllm/vllm-openai:v0.6.3\nUSER 1000\nCMD ["--model", "Qwen/Qwen2.5-0.5B-Instruct"]\n',
    good: 'FROM vllm/vllm-openai:v0.6.3\nUSER 1000\nHEALTHCHECK --interval=30s --timeout=3s CMD python3 -c "import urllib.request; urllib.request.urlopen(\'http://localhost:8000/health\')"\nCMD ["--model", "Qwen/Qwen2.5-0.5B-Instruct"]\n',
  },
  implementations: { manifest },
});
