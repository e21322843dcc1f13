import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at, assertManifestFixed, findingsOf } from '../manifests/util';

const RULE = 'missing-probes';

describe('missing-probes (Kubernetes)', () => {
  it('flags long-running containers missing either probe, not init containers, Jobs or run-once Pods', async () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: s}',
      'spec:',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      initContainers:',
      '        - name: fetch-model',
      '          image: f:1',
      '      containers:',
      '        - name: api',
      '          image: a:1',
      '          readinessProbe: {httpGet: {path: /ready, port: 8000}}',
      '        - name: both',
      '          image: b:1',
      '          readinessProbe: {tcpSocket: {port: 1}}',
      '          livenessProbe: {tcpSocket: {port: 1}}',
      '---',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata: {name: j}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: batch',
      '          image: j:1',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: once}',
      'spec:',
      '  restartPolicy: Never',
      '  containers:',
      '    - name: once',
      '      image: o:1',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'k8s.yaml'), [{ at: '12:11', text: 'name: api' }]);
  });

  it('no health route known: no fix, no guessed route, and the message says to add one', async () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: api\n    image: a:1\n    ports:\n    - name: http\n      containerPort: 8080\n    readinessProbe:\n      httpGet: {path: /ready, port: http}\n';
    const [finding] = await findingsOf(RULE, text, 'pod.yaml');
    assert.equal(finding.fix, undefined);
    assert.equal(
      finding.message,
      "Container 'api' has no livenessProbe: a hung worker is never restarted; no health route is known for it: add a health route (such as GET /healthz) to the app, then probes that request it",
    );
  });

  it('a known model server gets its documented routes and port (its port flag wins), with a startupProbe, keeping comments', async () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: llm}',
      'spec:',
      '  replicas: 2',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: vllm # the model server',
      '          image: vllm/vllm-openai:v0.6.3',
      '          args: ["--model", "m", "--port", "8001"]',
      '        - name: triton',
      '          image: nvcr.io/nvidia/tritonserver:24.08-py3',
      '          command: ["tritonserver", "--model-repository=/models"]',
      '          readinessProbe: {httpGet: {path: /v2/health/ready, port: 8000}}',
      '',
    ].join('\n');
    const fixed = await assertManifestFixed(RULE, text, 'llm.yaml');
    assert.equal(
      fixed,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: llm}',
        'spec:',
        '  replicas: 2',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: vllm # the model server',
        '          readinessProbe:',
        '            httpGet:',
        '              path: /health',
        '              port: 8001',
        '            periodSeconds: 10',
        '          livenessProbe:',
        '            httpGet:',
        '              path: /health',
        '              port: 8001',
        '            periodSeconds: 10',
        '          startupProbe:',
        '            httpGet:',
        '              path: /health',
        '              port: 8001',
        '            periodSeconds: 10',
        '            failureThreshold: 60',
        '          image: vllm/vllm-openai:v0.6.3',
        '          args: ["--model", "m", "--port", "8001"]',
        '        - name: triton',
        '          livenessProbe:',
        '            httpGet:',
        '              path: /v2/health/live',
        '              port: 8000',
        '            periodSeconds: 10',
        '          startupProbe:',
        '            httpGet:',
        '              path: /v2/health/live',
        '              port: 8000',
        '            periodSeconds: 10',
        '            failureThreshold: 60',
        '          image: nvcr.io/nvidia/tritonserver:24.08-py3',
        '          command: ["tritonserver", "--model-repository=/models"]',
        '          readinessProbe: {httpGet: {path: /v2/health/ready, port: 8000}}',
        '',
      ].join('\n'),
    );
    const [finding] = await findingsOf(RULE, text, 'llm.yaml');
    assert.equal(finding.fix?.safe, false);
  });

  it('skips operator-managed workloads: Seldon, KServe model-format predictors, KubeRay; checks KServe custom containers', async () => {
    const text = [
      'apiVersion: serving.kserve.io/v1beta1',
      'kind: InferenceService',
      'metadata:',
      '  name: fraud',
      'spec:',
      '  predictor:',
      '    model:',
      '      modelFormat:',
      '        name: sklearn',
      '      storageUri: gs://bucket/fraud',
      '  transformer:',
      '    containers:',
      '      - name: features',
      '        image: acme/features:1.0',
      '---',
      'apiVersion: machinelearning.seldon.io/v1',
      'kind: SeldonDeployment',
      'metadata: {name: s}',
      'spec:',
      '  predictors:',
      '    - name: default',
      '      componentSpecs:',
      '        - spec:',
      '            containers:',
      '              - name: classifier',
      '                image: acme/classifier:1.0',
      '---',
      'apiVersion: ray.io/v1',
      'kind: RayService',
      'metadata: {name: rs}',
      'spec:',
      '  rayClusterConfig:',
      '    headGroupSpec:',
      '      template:',
      '        spec:',
      '          containers:',
      '            - name: ray-head',
      '              image: rayproject/ray:2.34.0',
      '---',
      'apiVersion: mlops.seldon.io/v1alpha1',
      'kind: Model',
      'metadata: {name: iris}',
      'spec:',
      '  storageUri: gs://seldon-models/iris',
      '  requirements: [sklearn]',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'isvc.yaml'), [{ at: '13:9', text: 'name: features' }]);
  });
});
