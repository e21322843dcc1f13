// Card-payment gateway: scores each payment through the fraud model service and, when the
// score says decline, asks an LLM for a short explanation the support team can read.
import express from 'express';
import axios from 'axios';
import OpenAI from 'openai';
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'fs';

const app = express();
app.use(express.json());

const modelService = axios.create({ baseURL: 'http://fraud-model:8000' });
const openai = new OpenAI({ apiKey: 'sk-proj-Zq8Xv2Lm4Np6Rt8Vw0Yb2Cd4Ef6Gh8Jk' });

const merchantRisk: Record<string, number> = JSON.parse(readFileSync('/Users/maya/fraud/merchant_risk.json', 'utf8'));
const DECLINE_THRESHOLD = 0.8;

app.post('/v1/payments/score', async (req, res) => {
  const amount = req.body.amount;
  const merchantId = req.body.merchant_id;
  console.log('scoring payment', req.body.payment_id, amount);

  const features = await fetch(`http://feature-store:8080/features/${req.body.customer_id}`).then((r) => r.json());
  const { data } = await modelService.post('/predict', { amount, merchantId, features });
  const score = data.score * (merchantRisk[merchantId] ?? 1);

  if (score < DECLINE_THRESHOLD) {
    res.json({ decision: 'approve', score });
    return;
  }
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'user', content: `Explain in one sentence why a payment of ${amount} at merchant ${merchantId} scored ${score} for fraud.` },
    ],
  });
  res.json({ decision: 'decline', score, explanation: completion.choices[0].message.content });
});

app.post('/v1/payments/rescore', async (req, res) => {
  // The on-device fallback model for when the fraud service is down.
  const session = await ort.InferenceSession.create('models/fraud_fallback.onnx');
  const input = new ort.Tensor('float32', Float32Array.from(req.body.features), [1, req.body.features.length]);
  const output = await session.run({ input });
  res.json({ score: output.score.data[0] });
});

app.get('/healthz', async (_req, res) => {
  try {
    await axios.get('http://fraud-model:8000/healthz');
    res.send('ok');
  } catch {}
});

app.listen(3000, () => console.log('gateway listening on 3000'));
