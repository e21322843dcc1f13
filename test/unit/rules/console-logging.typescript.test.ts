import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { located } from '../helpers';
import { assertCleanTs as assertClean } from '../tsHelpers';

const RULE = 'console-logging';

const EXPRESS = ["import express from 'express';", 'const app = express();'];

describe('console-logging (ts/js)', () => {
  it('flags console.log/info/debug in a module with serving code', async () => {
    const code = [
      ...EXPRESS,
      "app.post('/predict', (req, res) => {",
      "  console.log('scoring', req.body);",
      '  console.info("done");',
      '  console.error("kept: errors go to stderr");',
      '  res.json({});',
      '});',
      'console.debug("boot");',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code, 'src/server.ts'), [
      { at: '4:3', text: 'console.log' },
      { at: '5:3', text: 'console.info' },
      { at: '9:1', text: 'console.debug' },
    ]);
  });

  it('leaves modules without serving code, tests and a shadowed console alone', async () => {
    await assertClean(RULE, "export function util() { console.log('hi'); }\n", 'src/util.ts');
    await assertClean(
      RULE,
      [...EXPRESS, "app.get('/x', (req, res) => { console.log(1); res.end(); });", ''].join('\n'),
      'src/server.test.ts',
    );
    await assertClean(
      RULE,
      [...EXPRESS, "app.get('/x', (req, res) => { const console = makeLogger(); console.log(1); res.end(); });", ''].join('\n'),
      'src/server.ts',
    );
  });
});
