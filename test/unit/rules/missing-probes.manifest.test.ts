import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at, assertManifestFixed } from '../manifests/util';

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

  it('inserts the missing probe stubs on the container port, and the YAML stays valid', async () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: api\n    image: a:1\n    ports:\n    - name: http\n      containerPort: 8080\n    readinessProbe:\n      httpGet: {path: /ready, port: http}\n';
    const fixed = await assertManifestFixed(RULE, text, 'pod.yaml');
    assert.match(fixed, /  - name: api\n    livenessProbe:\n      httpGet:\n        path: \/health\n        port: 8080\n/);
    assert.ok(!/readinessProbe:\n {6}httpGet:\n {8}path: \/health/.test(fixed), 'the existing readiness probe is kept as it was');
  });

  it('checks KServe model-format predictors, sitting on their key, with Open Inference Protocol health routes', async () => {
    const text =
      'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: fraud\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: sklearn\n      storageUri: gs://bucket/fraud\n';
    assert.deepEqual(await at(RULE, text, 'isvc.yaml'), [{ at: '7:5', text: 'model' }]);
    const fixed = await assertManifestFixed(RULE, text, 'isvc.yaml');
    assert.match(fixed, /    model:\n      readinessProbe:\n        httpGet:\n          path: \/v2\/health\/ready\n          port: 8080\n/);
  });
});
