import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/session/engine';

async function skippedReason(path: string, text: string): Promise<string | undefined> {
  const analysis = await analyzeText({ path, text });
  if (analysis.skipped) assert.deepEqual(analysis.findings, [], 'a skipped file reports nothing');
  return analysis.skipped;
}

describe('manifest adapters on input they cannot parse', () => {
  it('skips invalid YAML with the line and column of the error, and analyses valid documents of other files', async () => {
    const reason = await skippedReason('k8s/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: [1, 2\n');
    assert.match(reason ?? '', /^\d+:\d+: invalid YAML: /);
    assert.equal(
      await skippedReason('k8s/ok.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: []\n'),
      undefined,
    );
  });

  it('skips Helm templates instead of reporting YAML errors in them', async () => {
    const reason = await skippedReason(
      'chart/templates/deployment.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n',
    );
    assert.match(reason ?? '', /Helm template/);
  });

  it("skips invalid TOML with smol-toml's line and column", async () => {
    assert.match(
      (await skippedReason('pyproject.toml', '[project]\nname = "x"\ndependencies = ["a",\n  b]\n')) ?? '',
      /^4:3: invalid TOML/,
    );
    assert.match((await skippedReason('Pipfile', '[packages\nflask = "*"\n')) ?? '', /^\d+:\d+: invalid TOML/);
  });

  it('skips invalid package.json and notebooks with line and column', async () => {
    assert.match((await skippedReason('package.json', '{\n  "dependencies": {\n    "a": "1.0.0",\n  }\n}\n')) ?? '', /^4:3: invalid JSON/);
    assert.match(
      (await skippedReason('nb.ipynb', '{"cells": [\n  {"cell_type": "code", "source": "x"\n')) ?? '',
      /^\d+:\d+: invalid notebook JSON/,
    );
    assert.match((await skippedReason('nb.ipynb', '{"nbformat": 3, "worksheets": []}')) ?? '', /nbformat 3/);
  });

  it('skips a Dockerfile with a line that is no instruction, naming the line, as docker build would refuse it', async () => {
    const reason = await skippedReason(
      'Dockerfile',
      'FROM python:3.11\nRUN pip install -r requirements.txt\nthis line is garbage\nCMD ["python", "app.py"]\n',
    );
    assert.equal(reason, "invalid Dockerfile: 3:1: unknown instruction 'this'");
    assert.equal(await skippedReason('Dockerfile', 'RUN echo no base\n'), 'invalid Dockerfile: no FROM instruction');
    // Heredocs and continuation lines are Dockerfile syntax, not garbage.
    assert.equal(
      await skippedReason(
        'Dockerfile',
        'FROM python:3.11\nRUN <<EOF\napt-get update\npip install x\nEOF\nRUN pip install \\\n  a \\\n  b\n',
      ),
      undefined,
    );
  });

  it('lists an oversized or corrupt lockfile as skipped instead of parsing it', async () => {
    const big = '{"lockfileVersion": 3, "packages": {' + '"node_modules/x": {"version": "1.0.0"},'.repeat(600_000) + '"": {}}}';
    assert.ok(big.length > 20 * 1024 * 1024);
    assert.match((await skippedReason('package-lock.json', big)) ?? '', /too large/);
    assert.match((await skippedReason('poetry.lock', '[[package]\nname = "x"\n')) ?? '', /^\d+:\d+: invalid TOML/);
    assert.equal(await skippedReason('poetry.lock', '[[package]]\nname = "x"\nversion = "1.0"\n'), undefined);
  });

  it('never throws on arbitrary bytes in any manifest kind', async () => {
    const noise = ['\u0000\u0001\u0002', '{{{{', ']]]]', '- - - :', '\t\t"', 'FROM', '[[[', '\\\n\\\n', '\ufeff---\n...\n'];
    for (const file of [
      'requirements.txt',
      'pyproject.toml',
      'Pipfile',
      'package.json',
      'Dockerfile',
      'a.yaml',
      '.env',
      'n.ipynb',
      'uv.lock',
    ]) {
      for (const text of noise) {
        const analysis = await analyzeText({ path: file, text });
        assert.ok(!analysis.skipped?.startsWith('internal error'), `${file} ${JSON.stringify(text)}: ${analysis.skipped}`);
      }
    }
  });
});
