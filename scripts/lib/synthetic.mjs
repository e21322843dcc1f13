// Realistic serving code of a given length for the incremental-latency benchmark: the shapes the
// rules look at (HTTP calls, broad excepts, prints, model loads, env reads) in every block, so the
// re-analysis after an edit does real work.

/** A Python module of `lines` lines: a FastAPI app with many handlers. */
export function pythonServingModule(lines) {
  const head = [
    'import logging',
    'import os',
    '',
    'import requests',
    'import torch',
    'from fastapi import FastAPI, HTTPException',
    '',
    'logger = logging.getLogger(__name__)',
    'app = FastAPI()',
    'MODEL_URL = os.environ.get("MODEL_URL", "http://localhost:8080")',
    '',
  ];
  const out = [...head];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      '',
      `@app.post("/predict/${i}")`,
      `def predict_${i}(payload: dict) -> dict:`,
      `    """Scores one request for tenant ${i}."""`,
      `    features = [float(payload.get("f${i % 7}", 0.0)), float(payload.get("g", 1.0))]`,
      '    try:',
      `        response = requests.post(MODEL_URL + "/v1/${i}", json={"x": features})`,
      '        response.raise_for_status()',
      '    except Exception:',
      '        pass',
      `    model = torch.load("/tmp/models/model_${i}.pt")`,
      '    with torch.no_grad():',
      '        score = model(torch.tensor(features))',
      `    print("scored", ${i}, score)`,
      `    if score.item() > ${(i % 10) / 10}:`,
      '        raise HTTPException(status_code=422, detail="rejected")',
      '    return {"score": float(score)}',
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** A TypeScript module of `lines` lines: an Express app with many handlers. */
export function typescriptServingModule(lines) {
  const head = [
    "import express, { Request, Response } from 'express';",
    "import * as fs from 'fs';",
    '',
    'const app = express();',
    "const MODEL_URL = process.env.MODEL_URL ?? 'http://localhost:8080';",
    '',
    'interface Prediction {',
    '  score: number;',
    '  label: string;',
    '}',
    '',
  ];
  const out = [...head];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      '',
      `app.post('/predict/${i}', async (req: Request, res: Response) => {`,
      `  const features: number[] = [Number(req.body.f${i % 7} ?? 0), Number(req.body.g ?? 1)];`,
      '  try {',
      `    const response = await fetch(MODEL_URL + '/v1/${i}', { method: 'POST', body: JSON.stringify({ x: features }) });`,
      '    const prediction = (await response.json()) as Prediction;',
      `    console.log('scored', ${i}, prediction.score);`,
      `    const weights = fs.readFileSync('/tmp/models/model_${i}.bin');`,
      `    if (prediction.score > ${(i % 10) / 10} && weights.length > 0) {`,
      "      res.status(422).json({ detail: 'rejected' });",
      '      return;',
      '    }',
      '    res.json({ score: prediction.score, label: prediction.label });',
      '  } catch (error) {',
      '    // ignored',
      '  }',
      '});',
    );
  }
  return out.slice(0, lines).join('\n') + '\n';
}
