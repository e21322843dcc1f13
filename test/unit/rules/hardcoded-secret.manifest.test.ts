import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at, findingsOf } from '../manifests/util';

const RULE = 'hardcoded-secret';

describe('hardcoded-secret (manifests)', () => {
  it('flags Dockerfile ENV and ARG secrets on the value, masked in the message', async () => {
    const text = [
      'FROM python:3.11',
      'ARG HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz012345',
      'ENV DB_PASSWORD="s3cr3t-Passw0rd" MAX_TOKENS=4096 TOKENIZER_NAME=bert-base-uncased',
      'ENV API_KEY changeme-later',
      'ENV WEBHOOK_URL=https://hooks.example.org/x',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'Dockerfile'), [
      { at: '2:14', text: 'hf_abcdefghijklmnopqrstuvwxyz012345' },
      { at: '3:17', text: '"s3cr3t-Passw0rd"' },
    ]);
    const [first] = await findingsOf(RULE, text, 'Dockerfile');
    assert.ok(!first.message.includes('abcdefghijklmnop'), first.message);
  });

  it('flags Kubernetes env values and compose environment values, not secretKeyRef or interpolation', async () => {
    const k8s =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: a:1\n          env:\n            - name: OPENAI_API_KEY\n              value: sk-proj-Q7vR2mX9kLp4Tz8WcN3bHy6F\n            - name: SECRET_KEY\n              valueFrom: {secretKeyRef: {name: s, key: k}}\n            - name: REDIS_PASSWORD\n              value: "<set-in-vault>"\n';
    assert.deepEqual(await at(RULE, k8s, 'd.yaml'), [{ at: '12:22', text: 'sk-proj-Q7vR2mX9kLp4Tz8WcN3bHy6F' }]);
    const compose =
      'services:\n  api:\n    image: a:1\n    environment:\n      POSTGRES_PASSWORD: pilot-db-2024\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n  worker:\n    image: w:1\n    environment:\n      - AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIbPxRfiCYzEXAMPLEKEY\n      - AWS_ACCESS_KEY_ID=AKIAIOSFODNN7ABCDEFG\n      - ADMIN_TOKEN\n';
    assert.deepEqual(
      (await at(RULE, compose, 'docker-compose.yml')).map((f) => f.at),
      ['5:26', '11:9'],
    );
  });
});

describe('hardcoded-secret (manifests): vendor defaults of local servers', () => {
  it('treats MinIO, Kubeflow Dex and Argilla defaults as placeholders, and still flags real values', async () => {
    const compose = [
      'services:',
      '  minio:',
      '    image: minio/minio:RELEASE.2024-06-13T22-53-53Z',
      '    environment:',
      '      MINIO_ROOT_PASSWORD: minioadmin',
      '      MINIO_SECRET_KEY: minio123',
      '  argilla:',
      '    image: argilla/argilla-server:v2.0.0',
      '    environment:',
      '      - ARGILLA_API_KEY=argilla.apikey',
      '      - DEX_PASSWORD=12341234',
      '      - DB_PASSWORD=Kx9-prod-2024',
      '',
    ].join('\n');
    assert.deepEqual(
      (await at(RULE, compose, 'docker-compose.yml')).map((f) => f.at),
      ['12:9'],
    );
  });
});
