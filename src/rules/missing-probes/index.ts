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
      'In Kubernetes Deployment/StatefulSet/DaemonSet/Pod and KServe custom containers: a long-running container with no `readinessProbe` or no `livenessProbe`, on its `- name:` entry.',
    doesNotFlag:
      'Init containers, Jobs, CronJobs and run-once Pods (`restartPolicy: Never|OnFailure`); operator-managed workloads, whose operator injects probes: SeldonDeployment, Seldon v2 `Model`, KServe predictors that use a model format (`model:`, `sklearn:`, ...) rather than custom containers, KubeRay `RayService`/`RayCluster`.',
    fix: "unsafe, and only where the health route and port are known: a known model server's documented routes (vLLM, TGI, Triton, Ollama, TorchServe, MLServer, KServe runtimes; its port flag wins) as `httpGet` probes, the liveness probe with a `startupProbe` allowing ten minutes to load the model. Otherwise no fix, and the message says to add a health route to the app (no guessed `/health`).",
    examplePath: 'k8s/deployment.yaml',
    bad: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: llm\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: llm\n          image: vllm/vllm-openai:v0.6.3\n          ports:\n            - containerPort: 8000\n',
    good: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: scorer\n          image: ghcr.io/acme/scorer:1.4.0\n          ports:\n            - containerPort: 8000\n          readinessProbe:\n            httpGet: {path: /ready, port: 8000}\n          livenessProbe:\n            httpGet: {path: /healthz, port: 8000}\n',
  },
  implementations: { manifest },
});
