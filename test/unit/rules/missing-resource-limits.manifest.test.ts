import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at, assertManifestFixed, findingsOf } from '../manifests/util';

const RULE = 'missing-resource-limits';

const deployment = (container: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n${container}`;

describe('missing-resource-limits (Kubernetes)', () => {
  it('flags containers without requests or without limits.memory on their name entry; CPU limits are not required', async () => {
    const text = deployment(
      [
        '        - name: none',
        '          image: a:1',
        '        - name: no-memory-limit',
        '          image: a:1',
        '          resources:',
        '            requests: {cpu: 100m, memory: 128Mi}',
        '            limits:',
        '              cpu: "1"',
        '        - name: fine',
        '          image: a:1',
        '          resources:',
        '            requests:',
        '              memory: 128Mi',
        '            limits:',
        '              memory: 256Mi',
        '',
      ].join('\n'),
    );
    assert.deepEqual(await at(RULE, text, 'deploy.yaml'), [
      { at: '10:11', text: 'name: none' },
      { at: '12:11', text: 'name: no-memory-limit' },
    ]);
  });

  it('covers Pods, Jobs, CronJobs, StatefulSets, DaemonSets, KServe custom containers and Seldon, not Services or ConfigMaps', async () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata: {name: nightly}',
      'spec:',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          containers:',
      '            - name: job',
      '              image: j:1',
      '---',
      'apiVersion: serving.kserve.io/v1beta1',
      'kind: InferenceService',
      'metadata: {name: fraud}',
      'spec:',
      '  predictor:',
      '    sklearn:',
      '      storageUri: gs://b/m',
      '      resources: {requests: {cpu: 100m}, limits: {memory: 1Gi}}',
      '  transformer:',
      '    containers:',
      '      - name: kserve-container',
      '        image: m:1',
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
      '                image: c:1',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: c}',
      'data: {containers: x}',
      '',
    ].join('\n');
    assert.deepEqual(
      (await at(RULE, text, 'all.yaml')).map((f) => f.text),
      ['name: job', 'name: kserve-container', 'name: classifier'],
      'the sklearn predictor has its resources',
    );
  });

  it('inserts a resources block indented like its siblings, keeping comments and key order', async () => {
    const text = deployment(
      '        # the scorer\n        - name: api # main\n          image: a:1\n          ports:\n            - containerPort: 8000\n',
    );
    const fixed = await assertManifestFixed(RULE, text, 'deploy.yaml');
    assert.equal(
      fixed,
      deployment(
        '        # the scorer\n        - name: api # main\n          resources:\n            requests:\n              cpu: 250m\n              memory: 512Mi\n            limits:\n              memory: 1Gi\n          image: a:1\n          ports:\n            - containerPort: 8000\n',
      ),
    );
  });

  it('completes partial resources (empty {}, cpu-only limits, missing requests) and works with 4-space files', async () => {
    await assertManifestFixed(RULE, deployment('        - name: api\n          image: a:1\n          resources: {}\n'), 'deploy.yaml');
    const partial = await assertManifestFixed(
      RULE,
      deployment('        - name: api\n          image: a:1\n          resources:\n            limits:\n              cpu: "2"\n'),
      'deploy.yaml',
    );
    assert.match(partial, /limits:\n {14}memory: 1Gi\n {14}cpu: "2"\n/);
    const four =
      'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n        -   name: api\n            image: a:1\n';
    const fixed = await assertManifestFixed(RULE, four, 'pod.yaml');
    assert.match(fixed, /\n {12}resources:\n {16}requests:\n {20}cpu: 250m\n/);
  });

  it('leaves container fragments without an image (kustomize patches) alone', async () => {
    const patch =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: LOG_LEVEL\n              value: debug\n';
    assert.deepEqual(await at(RULE, patch, 'overlays/dev/patch.yaml'), []);
  });
});

describe('missing-resource-limits: no guessed limit where the model sizes memory', () => {
  it('known model servers and GPU containers get the finding without a fix, and the message says why', async () => {
    const text = deployment(
      [
        '        - name: llm',
        '          image: vllm/vllm-openai:v0.6.3',
        '        - name: tgi',
        '          image: ghcr.io/huggingface/text-generation-inference:2.2.0',
        '        - name: ollama',
        '          image: ollama/ollama:0.3.14',
        '        - name: triton',
        '          image: acme/triton:1',
        '          command: ["tritonserver", "--model-repository=/models"]',
        '        - name: trainer',
        '          image: acme/train:1',
        '          resources:',
        '            limits: {nvidia.com/gpu: 1}',
        '        - name: api',
        '          image: acme/api:1',
        '',
      ].join('\n'),
    );
    const findings = await findingsOf(RULE, text, 'deploy.yaml');
    assert.deepEqual(
      findings.map((f) => Boolean(f.fix)),
      [false, false, false, false, false, true],
    );
    assert.match(findings[0].message, /it runs vLLM, so size the memory request and limit from the model it loads/);
    assert.match(findings[4].message, /it uses a GPU/);
    assert.equal(findings[5].fix?.safe, false, 'R2.2: never safe');
  });
});
