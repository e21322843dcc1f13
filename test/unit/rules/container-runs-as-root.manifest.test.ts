import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at, assertManifestFixed, findingsOf } from '../manifests/util';

const RULE = 'container-runs-as-root';

describe('container-runs-as-root (Dockerfile)', () => {
  it('flags the final stage FROM when no USER other than root is set', async () => {
    const text =
      'FROM python:3.11-slim AS build\nUSER app\nRUN echo\n\nFROM python:3.11-slim\nCOPY --from=build /x /x\nUSER root\nCMD ["python", "serve.py"]\n';
    assert.deepEqual(await at(RULE, text, 'Dockerfile'), [{ at: '5:1', text: 'FROM python:3.11-slim' }]);
  });

  it('flags every target stage: the final one and each stage with its own command that nothing builds or copies from', async () => {
    const text = [
      'FROM python:3.11-slim AS base', // 1: built FROM by api and worker: not a target
      'RUN pip install -r requirements.txt',
      'FROM base AS api', // 3: own CMD, unused: a target
      'CMD ["uvicorn", "app:app"]',
      'FROM base AS worker', // 5: own CMD, unused: a target
      'USER 10001',
      'CMD ["python", "-m", "worker"]',
      'FROM node:20.11 AS assets', // 8: own CMD, but copied from: not a target
      'CMD ["npm", "run", "build"]',
      'FROM python:3.11-slim AS tools', // 10: no command of its own: not a target
      'RUN echo',
      'FROM nginx:1.27', // 12: final
      'COPY --from=assets /dist /usr/share/nginx/html',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'Dockerfile'), [
      { at: '3:1', text: 'FROM base' },
      { at: '12:1', text: 'FROM nginx:1.27' },
    ]);
  });

  it('counts RUN --mount=from and COPY --from=<index> as uses of a stage', async () => {
    const text =
      'FROM python:3.11-slim AS wheels\nCMD ["sh"]\nFROM python:3.11-slim AS cache\nCMD ["sh"]\nFROM python:3.11-slim\nRUN --mount=type=bind,from=wheels,target=/w pip install /w/*.whl\nCOPY --from=1 /c /c\nUSER 1000\n';
    assert.deepEqual(await at(RULE, text, 'Dockerfile'), []);
  });

  it('leaves non-root users, users inherited from an earlier stage, variables, nonroot and Lambda base images alone', async () => {
    assert.deepEqual(await at(RULE, 'FROM python:3.11-slim\nUSER 10001:10001\nCMD ["python"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM python:3.11-slim AS base\nUSER app\nFROM base\nCMD ["python"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM python:3.11-slim\nUSER ${APP_USER}\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM gcr.io/distroless/python3-debian12:nonroot\nCMD ["serve.py"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM bitnami/pytorch:2.3.1\nCMD ["python", "serve.py"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM rayproject/ray:2.34.0-py311\nCMD ["serve", "run", "app:app"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM public.ecr.aws/lambda/python:3.12\nCOPY app.py .\nCMD ["app.handler"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM amazon/aws-lambda-python:3.11 AS fn\nFROM fn\nCMD ["app.handler"]\n', 'Dockerfile'), []);
    assert.equal((await at(RULE, 'FROM bitnami/minideb:bookworm\nCMD ["serve"]\n', 'Dockerfile')).length, 1);
  });

  it('Debian/Ubuntu bases: adds a user with a home directory after the last build step, before CMD', async () => {
    const text =
      'FROM python:3.11-slim AS build\nRUN pip wheel .\n\nFROM python:3.11-slim\nUSER root\nRUN apt-get update\n# start the server\nENTRYPOINT ["python", "-m", "serve"]\n';
    const fixed = await assertManifestFixed(RULE, text, 'Dockerfile');
    assert.equal(
      fixed,
      'FROM python:3.11-slim AS build\nRUN pip wheel .\n\nFROM python:3.11-slim\nUSER root\nRUN apt-get update\nRUN useradd --create-home --uid 10001 app\nUSER app\n# start the server\nENTRYPOINT ["python", "-m", "serve"]\n',
    );
    const noCommand = await assertManifestFixed(RULE, 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\r\nRUN echo hi', 'Dockerfile');
    assert.equal(
      noCommand,
      'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\r\nRUN echo hi\r\nRUN useradd --create-home --uid 10001 app\r\nUSER app\r\n',
    );
  });

  it('a CMD followed by more build steps: the user goes at the end of the stage, so no RUN loses root', async () => {
    const fixed = await assertManifestFixed(RULE, 'FROM ubuntu:24.04\nCMD ["serve"]\nRUN apt-get install -y curl\n', 'Dockerfile');
    assert.equal(
      fixed,
      'FROM ubuntu:24.04\nCMD ["serve"]\nRUN apt-get install -y curl\nRUN useradd --create-home --uid 10001 app\nUSER app\n',
    );
  });

  it('Alpine and distroless bases get their own idiom; a user the Dockerfile already creates is reused', async () => {
    assert.equal(
      await assertManifestFixed(RULE, 'FROM python:3.12-alpine\nCMD ["python", "app.py"]\n', 'Dockerfile'),
      'FROM python:3.12-alpine\nRUN adduser -D -u 10001 app\nUSER app\nCMD ["python", "app.py"]\n',
    );
    assert.equal(
      await assertManifestFixed(RULE, 'FROM gcr.io/distroless/python3-debian12\nCMD ["app.py"]\n', 'Dockerfile'),
      'FROM gcr.io/distroless/python3-debian12\nUSER nonroot\nCMD ["app.py"]\n',
    );
    assert.equal(
      await assertManifestFixed(
        RULE,
        'FROM python:3.11-slim AS base\nRUN groupadd -r svc && useradd -r -g svc -d /home/svc -m svc\nFROM base\nCMD ["python", "app.py"]\n',
        'Dockerfile',
      ),
      'FROM python:3.11-slim AS base\nRUN groupadd -r svc && useradd -r -g svc -d /home/svc -m svc\nFROM base\nUSER svc\nCMD ["python", "app.py"]\n',
    );
    assert.match(
      await assertManifestFixed(RULE, 'FROM debian:12\nRUN adduser --disabled-password --gecos "" worker\nCMD ["w"]\n', 'Dockerfile'),
      /\nUSER worker\nCMD/,
    );
  });

  it('an unknown base gets the finding without a fix, and the message says why', async () => {
    const [finding] = await findingsOf(RULE, 'FROM registry.internal/team/base:3\nCMD ["serve"]\n', 'Dockerfile');
    assert.equal(finding.fix, undefined);
    assert.match(finding.message, /does not know how 'registry\.internal\/team\/base:3' creates users/);
    const [fixed] = await findingsOf(RULE, 'FROM python:3.11-slim\nCMD ["python"]\n', 'Dockerfile');
    assert.equal(fixed.fix?.safe, false, 'unsafe (R2.6): files written as root may need --chown');
  });
});
