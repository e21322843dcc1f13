import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { at, assertManifestFixed, tempProject } from '../manifests/util';

const RULE = 'missing-healthcheck';

describe('missing-healthcheck (Dockerfile, compose)', () => {
  it('flags a service image (EXPOSE or a server command) without HEALTHCHECK on the final FROM', async () => {
    assert.deepEqual(
      await at(RULE, 'FROM node:20 AS web\nRUN npm ci\nFROM python:3.11-slim\nEXPOSE 8080\nCMD ["python", "app.py"]\n', 'Dockerfile'),
      [{ at: '3:1', text: 'FROM python:3.11-slim' }],
    );
    assert.equal((await at(RULE, 'FROM python:3.11-slim\nCMD ["gunicorn", "app:app"]\n', 'Dockerfile')).length, 1);
  });

  it('leaves job images, HEALTHCHECK NONE and inherited health checks alone', async () => {
    assert.deepEqual(await at(RULE, 'FROM python:3.11-slim\nCMD ["python", "-m", "batch.score"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM python:3.11-slim\nEXPOSE 80\nHEALTHCHECK NONE\n', 'Dockerfile'), []);
    assert.deepEqual(
      await at(RULE, 'FROM python:3.11 AS base\nHEALTHCHECK CMD curl -f localhost || exit 1\nFROM base\nEXPOSE 80\n', 'Dockerfile'),
      [],
    );
  });

  it('inserts a HEALTHCHECK on the exposed port before CMD (python probe on python images)', async () => {
    const fixed = await assertManifestFixed(RULE, 'FROM python:3.11-slim\nEXPOSE 9000\nCMD ["uvicorn", "app:app"]\n', 'Dockerfile');
    assert.match(
      fixed,
      /^FROM python:3\.11-slim\nEXPOSE 9000\nHEALTHCHECK .*CMD python -c .*localhost:9000\/health.*\nCMD \["uvicorn", "app:app"\]\n$/,
    );
    const node = await assertManifestFixed(RULE, 'FROM node:20.11\nCMD ["node", "server.js", "--port", "3000"]\n', 'Dockerfile');
    assert.match(node, /HEALTHCHECK .*CMD curl -fsS http:\/\/localhost:3000\/health/);
    const fromEnv = await assertManifestFixed(
      RULE,
      'FROM python:3.11-slim\nENV PORT=8001\nCMD uvicorn main:app --host 0.0.0.0 --port ${PORT}\n',
      'Dockerfile',
    );
    assert.match(fromEnv, /localhost:8001\/health/);
  });

  it('flags compose services built here without healthcheck, on the service key, and inserts one keeping comments', async () => {
    const text = 'services:\n  api:   # the model server\n    build: .\n    ports:\n      - "8000:8000"\n  db:\n    image: postgres:16\n';
    assert.deepEqual(await at(RULE, text, 'compose.yaml'), [{ at: '2:3', text: 'api' }]);
    const fixed = await assertManifestFixed(RULE, text, 'compose.yaml');
    assert.equal(
      fixed,
      'services:\n  api:   # the model server\n    healthcheck:\n      test: ["CMD-SHELL", "curl -fsS http://localhost:8000/health || exit 1"]\n      interval: 30s\n      timeout: 5s\n      retries: 3\n    build: .\n    ports:\n      - "8000:8000"\n  db:\n    image: postgres:16\n',
    );
  });

  it('leaves a compose service alone when the Dockerfile it builds defines a HEALTHCHECK', async () => {
    const compose = 'services:\n  api:\n    build:\n      context: ./api\n      target: serve\n';
    const root = tempProject({
      'api/Dockerfile': 'FROM python:3.11-slim AS serve\nHEALTHCHECK CMD python -c "print(1)"\nFROM serve AS dev\n',
      'compose.yaml': compose,
    });
    assert.deepEqual(await at(RULE, compose, path.join(root, 'compose.yaml')), []);
    const bare = tempProject({ 'api/Dockerfile': 'FROM python:3.11-slim AS serve\nFROM serve AS dev\n', 'compose.yaml': compose });
    assert.equal((await at(RULE, compose, path.join(bare, 'compose.yaml'))).length, 1);
  });
});
