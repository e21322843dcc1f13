import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/session/engine';
import { at } from './util';

describe('YAML deployment artifacts', () => {
  it('resolves compose anchors and merge keys, reporting where the service sets them', async () => {
    const text = [
      'x-service: &service',
      '  build: .',
      '  command: uvicorn app:app --reload',
      '  environment: &env',
      '    API_TOKEN: 9f8e7d6c5b4a39281706',
      'services:',
      '  api:',
      '    <<: *service',
      '    ports: ["8000:8000"]',
      '  worker:',
      '    <<: *service',
      '    environment: *env',
      '  web:',
      '    image: nginx:1.27',
      '    depends_on: [api, worker]',
      '',
    ].join('\n');
    assert.deepEqual(
      (await at('dev-server-in-container', text, 'docker-compose.yml')).map((f) => f.at),
      ['3:3'],
    );
    assert.deepEqual(
      (await at('missing-healthcheck', text, 'docker-compose.yml')).map((f) => f.text),
      ['api', 'worker'],
    );
  });

  it('reads every document of a multi-document file and the items of a List', async () => {
    const pod = (name: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers:\n    - name: ${name}\n      image: ${name}:1\n`;
    const list =
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: c}\n    spec:\n      containers:\n        - name: c\n          image: c:1\n';
    const text = `${pod('a')}---\n# a comment-only document\n---\n${pod('b')}---\n${list}`;
    assert.deepEqual(
      (await at('missing-resource-limits', text, 'pods.yaml')).map((f) => f.text),
      ['name: a', 'name: b', 'name: c'],
    );
  });

  it('ignores YAML that is no deployment artifact (CI workflows, app config)', async () => {
    const workflow =
      'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container: python:latest\n    env:\n      API_TOKEN: 9f8e7d6c5b4a39281706\n    steps:\n      - run: uvicorn app:app --reload\n';
    const analysis = await analyzeText({ path: '.github/workflows/ci.yml', text: workflow });
    assert.equal(analysis.skipped, undefined);
    assert.deepEqual(analysis.findings, []);
  });
});
