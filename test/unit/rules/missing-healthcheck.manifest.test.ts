import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { at, assertManifestFixed, findingsOf, tempProject } from '../manifests/util';

const RULE = 'missing-healthcheck';

describe('missing-healthcheck (Dockerfile, compose)', () => {
  it('flags each target stage that runs a server without HEALTHCHECK, on its FROM', async () => {
    assert.deepEqual(
      await at(RULE, 'FROM node:20 AS web\nRUN npm ci\nFROM python:3.11-slim\nEXPOSE 8080\nCMD ["python", "app.py"]\n', 'Dockerfile'),
      [{ at: '3:1', text: 'FROM python:3.11-slim' }],
    );
    assert.equal((await at(RULE, 'FROM python:3.11-slim\nCMD ["gunicorn", "app:app"]\n', 'Dockerfile')).length, 1);
    const targets =
      'FROM python:3.11-slim AS api\nCMD ["uvicorn", "app:app"]\nFROM python:3.11-slim AS job\nCMD ["python", "-m", "batch"]\n';
    assert.deepEqual(await at(RULE, targets, 'Dockerfile'), [{ at: '1:1', text: 'FROM python:3.11-slim' }]);
  });

  it('leaves job images, HEALTHCHECK NONE, inherited health checks and Lambda images alone', async () => {
    assert.deepEqual(await at(RULE, 'FROM python:3.11-slim\nCMD ["python", "-m", "batch.score"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM python:3.11-slim\nEXPOSE 80\nHEALTHCHECK NONE\n', 'Dockerfile'), []);
    assert.deepEqual(
      await at(RULE, 'FROM python:3.11 AS base\nHEALTHCHECK CMD curl -f localhost || exit 1\nFROM base\nEXPOSE 80\n', 'Dockerfile'),
      [],
    );
    assert.deepEqual(await at(RULE, 'FROM public.ecr.aws/lambda/python:3.12\nEXPOSE 8080\nCMD ["app.handler"]\n', 'Dockerfile'), []);
  });

  it('no health route known: no fix, and the message says to add one', async () => {
    const [finding] = await findingsOf(RULE, 'FROM python:3.11-slim\nEXPOSE 9000\nCMD ["uvicorn", "app:app"]\n', 'Dockerfile');
    assert.equal(finding.fix, undefined);
    assert.match(finding.message, /no health route is known for it: add a health route \(such as GET \/healthz\)/);
    assert.doesNotMatch(finding.message, /missing-health-route/, 'R2.6: the rule is not named until it exists');
  });

  it('a known model server image gets a HEALTHCHECK on its documented route and port, honouring its port flag', async () => {
    const vllm = await assertManifestFixed(
      RULE,
      'FROM vllm/vllm-openai:v0.6.3\nENV HF_HOME=/models\nCMD ["--model", "Qwen/Qwen2.5-7B-Instruct", "--port", "9000"]\n',
      'Dockerfile',
    );
    assert.equal(
      vllm,
      'FROM vllm/vllm-openai:v0.6.3\nENV HF_HOME=/models\nHEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 CMD python3 -c "import urllib.request; urllib.request.urlopen(\'http://localhost:9000/health\', timeout=4)"\nCMD ["--model", "Qwen/Qwen2.5-7B-Instruct", "--port", "9000"]\n',
    );
    const ollama = await assertManifestFixed(RULE, 'FROM ollama/ollama:0.3.14\nEXPOSE 11434\n', 'Dockerfile');
    assert.match(ollama, /HEALTHCHECK .* CMD ollama list\n$/);
    const [triton] = await findingsOf(
      RULE,
      'FROM nvcr.io/nvidia/tritonserver:24.08-py3\nCMD ["tritonserver", "--model-repository=/models"]\n',
      'Dockerfile',
    );
    assert.equal(triton.fix?.description, 'Add a HEALTHCHECK requesting http://localhost:8000/v2/health/ready');
    assert.equal(triton.fix?.safe, false);
  });

  it('compose: flags only services that another service depends_on, built or pulled, on the service key', async () => {
    const text = [
      'services:',
      '  api:',
      '    build: .',
      '    depends_on: [model, db]',
      '  model:   # the model server',
      '    build: ./model',
      '  db:',
      '    image: postgres:16',
      '  cache:',
      '    image: redis:7.2',
      '  worker:',
      '    build: .',
      '    depends_on:',
      '      cache:',
      '        condition: service_started',
      '  ui:',
      '    build: ./ui',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'compose.yaml'), [
      { at: '5:3', text: 'model' },
      { at: '7:3', text: 'db' },
      { at: '9:3', text: 'cache' },
    ]);
  });

  it('compose: pulled Postgres, Redis and model servers get their readiness checks, keeping comments', async () => {
    const text =
      'services:\n  api:\n    build: .\n    depends_on: [db, cache, llm]\n  db:   # state\n    image: postgres:16\n  cache:\n    image: redis:7.2\n  llm:\n    image: vllm/vllm-openai:v0.6.3\n    command: ["--model", "m", "--port", "8001"]\n';
    const fixed = await assertManifestFixed(RULE, text, 'compose.yaml');
    assert.equal(
      fixed,
      [
        'services:',
        '  api:',
        '    build: .',
        '    depends_on: [db, cache, llm]',
        '  db:   # state',
        '    healthcheck:',
        '      test: ["CMD", "pg_isready"]',
        '      interval: 30s',
        '      timeout: 5s',
        '      retries: 3',
        '      start_period: 30s',
        '    image: postgres:16',
        '  cache:',
        '    healthcheck:',
        '      test: ["CMD", "redis-cli", "ping"]',
        '      interval: 30s',
        '      timeout: 5s',
        '      retries: 3',
        '      start_period: 30s',
        '    image: redis:7.2',
        '  llm:',
        '    healthcheck:',
        '      test: ["CMD", "python3", "-c", "import urllib.request; urllib.request.urlopen(\'http://localhost:8001/health\', timeout=4)"]',
        '      interval: 30s',
        '      timeout: 5s',
        '      retries: 3',
        '      start_period: 120s',
        '    image: vllm/vllm-openai:v0.6.3',
        '    command: ["--model", "m", "--port", "8001"]',
        '',
      ].join('\n'),
    );
  });

  it('compose: a built app or an unknown pulled image gets no guessed probe, and the message says what is missing', async () => {
    const text =
      'services:\n  api:\n    build: .\n    depends_on: [model, queue]\n  model:\n    build: ./model\n  queue:\n    image: rabbitmq:3.13\n';
    const findings = await findingsOf(RULE, text, 'compose.yaml');
    assert.deepEqual(
      findings.map((f) => f.fix),
      [undefined, undefined],
    );
    assert.match(findings[0].message, /no health route is known for it: add a health route/);
    assert.match(findings[1].message, /does not know a readiness command for 'rabbitmq:3\.13'/);
  });

  it('leaves a depended-on compose service alone when the Dockerfile target it builds defines a HEALTHCHECK', async () => {
    const compose =
      'services:\n  api:\n    build:\n      context: ./api\n      target: serve\n  web:\n    build: ./web\n    depends_on: [api]\n';
    const root = tempProject({
      'api/Dockerfile': 'FROM python:3.11-slim AS serve\nHEALTHCHECK CMD python -c "print(1)"\nFROM serve AS dev\n',
      'compose.yaml': compose,
    });
    assert.deepEqual(await at(RULE, compose, path.join(root, 'compose.yaml')), []);
    const bare = tempProject({ 'api/Dockerfile': 'FROM python:3.11-slim AS serve\nFROM serve AS dev\n', 'compose.yaml': compose });
    assert.deepEqual(await at(RULE, compose, path.join(bare, 'compose.yaml')), [{ at: '2:3', text: 'api' }]);
  });
});
