import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at, assertManifestFixed } from '../manifests/util';

const RULE = 'container-runs-as-root';

describe('container-runs-as-root (Dockerfile)', () => {
  it('flags the final stage FROM when no USER other than root is set', async () => {
    const text =
      'FROM python:3.11-slim AS build\nUSER app\nRUN echo\n\nFROM python:3.11-slim\nCOPY --from=build /x /x\nUSER root\nCMD ["python", "serve.py"]\n';
    assert.deepEqual(await at(RULE, text, 'Dockerfile'), [{ at: '5:1', text: 'FROM python:3.11-slim' }]);
  });

  it('leaves non-root users, users inherited from an earlier stage, variables and nonroot base images alone', async () => {
    assert.deepEqual(await at(RULE, 'FROM python:3.11-slim\nUSER 10001:10001\nCMD ["python"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM python:3.11-slim AS base\nUSER app\nFROM base\nCMD ["python"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM python:3.11-slim\nUSER ${APP_USER}\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM gcr.io/distroless/python3-debian12:nonroot\nCMD ["serve.py"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM bitnami/pytorch:2.3.1\nCMD ["python", "serve.py"]\n', 'Dockerfile'), []);
    assert.equal((await at(RULE, 'FROM bitnami/minideb:bookworm\nCMD ["serve"]\n', 'Dockerfile')).length, 1);
  });

  it('adds USER 1000 before the final stage CMD, after any USER root, and not in an earlier stage', async () => {
    const text =
      'FROM python:3.11-slim AS build\nRUN pip wheel .\n\nFROM python:3.11-slim\nUSER root\nRUN apt-get update\nENTRYPOINT ["python", "-m", "serve"]\n';
    const fixed = await assertManifestFixed(RULE, text, 'Dockerfile');
    assert.equal(
      fixed,
      'FROM python:3.11-slim AS build\nRUN pip wheel .\n\nFROM python:3.11-slim\nUSER root\nRUN apt-get update\nUSER 1000\nENTRYPOINT ["python", "-m", "serve"]\n',
    );
    const noCommand = await assertManifestFixed(RULE, 'FROM python:3.11-slim\r\nRUN echo hi', 'Dockerfile');
    assert.equal(noCommand, 'FROM python:3.11-slim\r\nRUN echo hi\r\nUSER 1000\r\n');
  });
});
