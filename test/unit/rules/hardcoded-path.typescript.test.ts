import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertFixed, findings, located } from '../helpers';
import { assertCleanTs as assertClean } from '../tsHelpers';

const RULE = 'hardcoded-path';
const TS = 'src/model.ts';

describe('hardcoded-path (ts/js)', () => {
  it('flags machine-specific prefixes anywhere, on the literal', async () => {
    const code = [
      "const weights = '/home/maya/models/fraud.onnx';",
      'const cache = `/Users/maya/.cache`;',
      "const win = 'C:\\\\models\\\\m.onnx';",
      "const colab = '/content/drive/data.csv';",
      'const perUser = `/home/${user}/models/${name}.onnx`;',
      'const route = `/v1/${version}/predict`;',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, TS)).map((finding) => finding.at),
      ['1:17', '2:15', '3:13', '4:15', '5:17'],
    );
  });

  it('flags other absolute paths used as files, and relative model files passed to loaders', async () => {
    const code = [
      "import * as fs from 'fs';",
      "import * as ort from 'onnxruntime-node';",
      "const modelDir = '/opt/models';",
      "fs.readFileSync('/srv/app/config.json');",
      "const session = await ort.InferenceSession.create('models/fraud.onnx');",
      "const label = '/opt/models';",
      "app.get('/', (req, res) => res.sendFile('/srv/www/index.html'));",
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code, TS), [
      { at: '3:18', text: "'/opt/models'" },
      { at: '4:17', text: "'/srv/app/config.json'" },
      { at: '5:51', text: "'models/fraud.onnx'" },
      { at: '7:41', text: "'/srv/www/index.html'" },
    ]);
  });

  it('leaves env defaults, routes, URLs, system paths, __dirname joins, imports and tests alone', async () => {
    await assertClean(
      RULE,
      [
        "import express from 'express';",
        "import path from 'path';",
        "import { readFileSync } from 'fs';",
        'const app = express();',
        "const modelPath = process.env.MODEL_PATH ?? '/mnt/models/m.onnx';",
        "const dataDir = process.env.DATA_DIR || '/data/raw';",
        "const { CACHE_DIR = '/home/app/.cache' } = process.env;",
        "app.get('/data/:id', (req, res) => res.end());",
        "app.use('/workspace/', express.static('public'));",
        "const url = 'http://host/home/x';",
        "readFileSync('/etc/hosts');",
        "const devNull = '/dev/null';",
        "const local = path.join(__dirname, '/data/model.onnx');",
        "readFileSync('notes.txt');",
        'const link = <a href="/home/settings">home</a>;',
        "const routes = [{ path: '/data/overview', element: <Overview /> }];",
        '',
      ].join('\n'),
      'src/server.tsx',
    );
    await assertClean(RULE, "const fixture = '/home/test/m.onnx';\n", 'test/model.test.ts');
  });

  it('fixes to process.env.<NAME> ?? literal, named after the target or the file kind', async () => {
    const fixed = await assertFixed(
      RULE,
      [
        "import * as fs from 'fs';",
        "const modelPath = '/home/maya/fraud.onnx';",
        "fs.readFileSync('/mnt/shared/train.csv');",
        "const full = '/home/maya/' + name;",
        '',
      ].join('\n'),
      TS,
    );
    assert.match(fixed, /const modelPath = process\.env\.MODEL_PATH \?\? '\/home\/maya\/fraud\.onnx';/);
    assert.match(fixed, /fs\.readFileSync\(process\.env\.DATA_PATH \?\? '\/mnt\/shared\/train\.csv'\);/);
    assert.match(fixed, /const full = \(process\.env\.DATA_DIR \?\? '\/home\/maya\/'\) \+ name;/);
  });

  it('takes the default of an env read through process imported from node:process, in every import form', async () => {
    const forms: Array<[string, string]> = [
      ["import process from 'node:process';", "const a = process.env.DATA_DIR ?? '/mnt/data/a';"],
      ["import proc from 'process';", "const a = proc.env.DATA_DIR || '/mnt/data/a';"],
      ["import * as processModule from 'node:process';", "const a = processModule.env.DATA_DIR ?? '/mnt/data/a';"],
      ["import { env } from 'node:process';", "const a = env.DATA_DIR ?? '/mnt/data/a';"],
      ["import { env as vars } from 'process';", "const a = vars['DATA_DIR'] ?? '/mnt/data/a';"],
      ["const process = require('node:process');", "const a = process.env.DATA_DIR ?? '/mnt/data/a';"],
      ["const { env } = require('process');", "const a = env.DATA_DIR ?? '/mnt/data/a';"],
      ['const { env } = process;', "const a = env.DATA_DIR ?? '/mnt/data/a';"],
      ['const vars = process.env;', "const { DATA_DIR = '/mnt/data/a' } = vars;"],
      ['', "const a = process.env.DATA_DIR ? process.env.DATA_DIR : '/mnt/data/a';"],
      ['', "const a = globalThis.process.env.DATA_DIR ?? '/mnt/data/a';"],
    ];
    for (const [binding, read] of forms) await assertClean(RULE, `${binding}\n${read}\n`, 'src/mount.js');
  });

  it('fixes once where process comes from node:process: its own default is not flagged again', async () => {
    const code =
      "import process from 'node:process';\n\nexport function mountPoint() {\n  const defaultMountPoint = '/mnt/';\n  return defaultMountPoint;\n}\n";
    const fixed = await assertFixed(RULE, code, 'src/mount.js');
    assert.match(fixed, /const defaultMountPoint = process\.env\.DATA_DIR \?\? '\/mnt\/';/);
    assert.equal(fixed.split('process.env').length, 2, fixed);
    for (const binding of ["import { env } from 'node:process';", "const process = require('node:process');"]) {
      const again = await assertFixed(RULE, `${binding}\nconst modelPath = '/home/maya/m.onnx';\n`, 'src/mount.js');
      assert.equal(again.split('process.env').length, 2, again);
    }
  });

  it('offers no fix where process is a local of that name: process.env there is not the environment', async () => {
    const code = [
      'function load(process) {',
      "  const modelPath = '/home/maya/m.onnx';",
      '  return process.env.MODEL_PATH ?? modelPath;',
      '}',
      '',
    ].join('\n');
    const found = await findings(RULE, code, 'src/mount.js');
    assert.equal(found.length, 1);
    assert.equal(found[0].fix, undefined);
  });
});
