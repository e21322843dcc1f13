import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at, findingsOf } from '../manifests/util';

const RULE = 'secret-in-image';

describe('secret-in-image (Dockerfile)', () => {
  it('flags ARG and ENV of secret names and COPY/ADD of secret files, on the instruction', async () => {
    const text = [
      'FROM python:3.11-slim',
      'ARG HF_TOKEN',
      'ENV HF_TOKEN=$HF_TOKEN MAX_TOKENS=4096',
      'ENV AWS_ACCESS_KEY_ID=$AWS_KEY AWS_SECRET_ACCESS_KEY=$AWS_SECRET',
      'ENV DB_PASSWORD="pilot-db-2024"',
      'COPY .env /app/.env',
      'COPY --chown=app keys/server.key certs/tls.pem /etc/tls/',
      'ADD id_rsa /root/.ssh/id_rsa',
      'COPY .aws/ /root/.aws/',
      'COPY credentials.json gcp-service-account.json kubeconfig /secrets/',
      'CMD ["python", "serve.py"]',
      '',
    ].join('\n');
    assert.deepEqual(
      (await at(RULE, text, 'Dockerfile')).map((f) => f.at),
      ['2:1', '3:1', '4:1', '5:1', '6:1', '7:1', '8:1', '9:1', '10:1'],
    );
    const messages = (await findingsOf(RULE, text, 'Dockerfile')).map((f) => f.message);
    assert.equal(
      messages[0],
      "ARG HF_TOKEN puts a secret in the image: build args are kept in the image history, readable by anyone who pulls it; give the build step that needs it RUN --mount=type=secret,id=HF_TOKEN and inject it at run time (a Kubernetes Secret, compose secrets, the platform's environment)",
    );
    assert.match(
      messages[2],
      /^ENV AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY puts secrets in the image: ENV values are kept in the image config/,
    );
    assert.match(
      messages[4],
      /^COPY \.env puts a secret file in an image layer.*RUN --mount=type=secret,id=env and inject it at run time$/,
    );
    const [first] = await findingsOf(RULE, text, 'Dockerfile');
    assert.equal(first.severity, 'error');
    assert.equal(first.category, 'configuration');
  });

  it('does not flag build secrets, placeholders, non-secret names, examples, public certificates or builder-only stages', async () => {
    const text = [
      'ARG BASE_TOKEN=python',
      'FROM python:3.11-slim AS builder',
      'ARG GITHUB_TOKEN',
      'COPY id_rsa /root/.ssh/id_rsa',
      'RUN pip wheel -w /wheels -r requirements.txt',
      'FROM python:3.11-slim',
      'ENV HF_TOKEN_PATH=/run/secrets/hf MAX_TOKENS=4096 TOKENIZER_NAME=bert OPENAI_API_KEY=""',
      'ENV API_KEY=changeme',
      'COPY .env.example /app/.env.example',
      'COPY corp-ca.pem /usr/local/share/ca-certificates/corp.crt',
      'COPY fullchain.pem /etc/nginx/',
      'COPY --from=builder /wheels /wheels',
      'COPY credentials.py /app/',
      'RUN --mount=type=secret,id=HF_TOKEN,env=HF_TOKEN python download.py',
      'CMD ["python", "serve.py"]',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'Dockerfile'), []);
  });

  it('checks every stage a target is built from', async () => {
    const text = ['FROM python:3.11 AS base', 'ENV SECRET_KEY=s3cr3t-v4lue-123', 'FROM base', 'CMD ["python", "serve.py"]', ''].join('\n');
    assert.deepEqual(
      (await at(RULE, text, 'Dockerfile')).map((f) => f.at),
      ['2:1'],
    );
  });
});
