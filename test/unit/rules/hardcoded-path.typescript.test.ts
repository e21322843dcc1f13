import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertFixed, located } from '../helpers';
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
});
