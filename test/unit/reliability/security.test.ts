/**
 * prodready reads workspace files and nothing else: analysing them never starts a process, never
 * opens a network connection, and a secret it finds is never repeated whole in a message. The
 * process and network APIs are replaced by tripwires before the engine is loaded, so even a
 * dependency that captured them at import time is caught.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAMPLE_PATHS, ALL_KINDS, seeds } from './inputs';

// The modules themselves, not `import * as` copies: the tripwires must replace what everyone requires.
/* eslint-disable @typescript-eslint/no-require-imports */
const childProcess = require('node:child_process') as object;
const dgram = require('node:dgram') as object;
const dns = require('node:dns') as object;
const http = require('node:http') as object;
const https = require('node:https') as object;
const net = require('node:net') as object;
const tls = require('node:tls') as object;
/* eslint-enable @typescript-eslint/no-require-imports */

const calls: string[] = [];

function tripwire(target: object, names: string[], label: string): void {
  for (const name of names) {
    const record = target as Record<string, unknown>;
    if (typeof record[name] !== 'function') continue;
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        calls.push(`${label}.${name}(${String(args[0]).slice(0, 60)})`);
        throw new Error(`prodready must not call ${label}.${name}`);
      },
    });
  }
}

tripwire(childProcess, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'child_process');
tripwire(net, ['connect', 'createConnection', 'createServer'], 'net');
tripwire(tls, ['connect'], 'tls');
tripwire(http, ['request', 'get', 'createServer'], 'http');
tripwire(https, ['request', 'get', 'createServer'], 'https');
tripwire(dns, ['lookup', 'resolve', 'resolve4', 'resolve6'], 'dns');
tripwire(dgram, ['createSocket'], 'dgram');
tripwire(globalThis, ['fetch'], 'globalThis');

const SECRET = 'sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const AWS = 'AKIAIOSFODNN7EXAMPLE';

describe('security: no process, no network, secrets masked', () => {
  it('analysing every kind of file starts no process and opens no connection', async () => {
    // Loaded only now, after the tripwires are in place.
    const { analyzeText } = await import('../../../src/session/engine');
    for (const seed of seeds()) await analyzeText({ path: seed.path, text: seed.text });
    const code = [
      'import os, subprocess, requests',
      `API_KEY = "${SECRET}"`,
      'subprocess.run(["curl", "http://example.invalid"])',
      'os.system("rm -rf /")',
      'exec(open("setup.py").read())',
      'requests.get("http://169.254.169.254/latest/meta-data/")',
      '',
    ].join('\n');
    for (const kind of ALL_KINDS) for (const path of SAMPLE_PATHS[kind]) await analyzeText({ path, text: code });
    assert.deepEqual(calls, []);
  });

  it('a secret is never repeated whole in a finding message', async () => {
    const { analyzeText } = await import('../../../src/session/engine');
    const inputs: Array<[string, string]> = [
      ['app/serve.py', `API_KEY = "${SECRET}"\naws_access_key_id = "${AWS}"\nclient = OpenAI(api_key="${SECRET}")\n`],
      ['src/server.ts', `const apiKey = "${SECRET}";\nconst aws = { accessKeyId: "${AWS}" };\n`],
      ['.env', `OPENAI_API_KEY=${SECRET}\nAWS_ACCESS_KEY_ID=${AWS}\n`],
      [
        'k8s/deployment.yaml',
        `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      env:\n        - name: API_KEY\n          value: "${SECRET}"\n`,
      ],
      ['docker-compose.yml', `services:\n  api:\n    environment:\n      API_KEY: "${SECRET}"\n`],
      ['Dockerfile', `FROM python:3.11\nENV API_KEY=${SECRET}\n`],
    ];
    let secretFindings = 0;
    for (const [path, text] of inputs) {
      const analysis = await analyzeText({ path, text });
      for (const finding of analysis.findings) {
        if (finding.ruleId === 'hardcoded-secret') secretFindings++;
        for (const secret of [SECRET, AWS]) {
          assert.ok(!finding.message.includes(secret), `${path}: ${finding.ruleId} repeats the secret: ${finding.message}`);
          assert.ok(!(finding.fix?.description ?? '').includes(secret), `${path}: ${finding.ruleId} fix description repeats the secret`);
        }
      }
    }
    assert.ok(secretFindings > 0, 'hardcoded-secret found none of the planted secrets');
    assert.deepEqual(calls, []);
  });
});
