import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { located } from '../helpers';
import { assertCleanTs as assertClean } from '../tsHelpers';

const RULE = 'model-load-per-request';

describe('model-load-per-request (ts/js)', () => {
  it('flags ONNX Runtime, TensorFlow.js and transformers.js loads inside route handlers', async () => {
    const code = [
      "import express from 'express';",
      "import * as ort from 'onnxruntime-node';",
      "import * as tf from '@tensorflow/tfjs-node';",
      "import { pipeline, AutoModel } from '@xenova/transformers';",
      'const app = express();',
      "app.post('/predict', async (req, res) => {",
      "  const session = await ort.InferenceSession.create('/models/m.onnx');",
      "  const model = await tf.loadLayersModel('file://model/model.json');",
      "  const classify = await pipeline('sentiment-analysis');",
      "  const bert = await AutoModel.from_pretrained('bert-base-uncased');",
      '  res.json({});',
      '});',
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, 'src/server.ts')).map((finding) => finding.at),
      ['7:25', '8:23', '9:26', '10:22'],
    );
  });

  it('flags a load in a named handler passed by identifier and in a Next.js route', async () => {
    const code = [
      "import express from 'express';",
      "import { InferenceSession } from 'onnxruntime-node';",
      'const router = express.Router();',
      'async function predict(req, res) {',
      "  const session = await InferenceSession.create('m.onnx');",
      '}',
      "router.post('/predict', predict);",
      '',
    ].join('\n');
    assert.deepEqual(
      (await located(RULE, code, 'src/routes.js')).map((finding) => finding.at),
      ['5:25'],
    );
    const next =
      "import * as ort from 'onnxruntime-web';\nexport async function POST(req: Request) {\n  const s = await ort.InferenceSession.create('m.onnx');\n  return Response.json({});\n}\n";
    assert.deepEqual(
      (await located(RULE, next, 'src/app/api/predict/route.ts')).map((finding) => finding.at),
      ['3:19'],
    );
  });

  it('leaves loads at module scope, at startup, in lazy caches and outside serving code alone', async () => {
    await assertClean(
      RULE,
      [
        "import express from 'express';",
        "import * as ort from 'onnxruntime-node';",
        'const app = express();',
        "const session = await ort.InferenceSession.create('m.onnx');",
        'let lazy: ort.InferenceSession | undefined;',
        "async function loadOnce() { return ort.InferenceSession.create('m.onnx'); }",
        "app.post('/predict', async (req, res) => {",
        "  lazy ??= await ort.InferenceSession.create('m.onnx');",
        '  res.json(await session.run({}));',
        '});',
        'async function main() {',
        "  const model = await ort.InferenceSession.create('m.onnx');",
        '  app.listen(3000);',
        '}',
        '',
      ].join('\n'),
      'src/server.ts',
    );
  });
});
