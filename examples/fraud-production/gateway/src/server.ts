// Card-payment gateway: scores each payment through the fraud model service and, when the
// score says decline, asks an LLM for a short explanation the support team can read.
// Every upstream call has a timeout and a fallback; inputs are validated; models load at startup.
import express from 'express';
import axios from 'axios';
import OpenAI from 'openai';
import * as ort from 'onnxruntime-node';
import { readFile } from 'fs/promises';
import pinoHttp from 'pino-http';
import client from 'prom-client';
import { z } from 'zod';
import { config } from './config';
import { limits } from './limits';
import { logger } from './logger';

const PaymentRequest = z.object({
  payment_id: z.string().min(1),
  customer_id: z.string().min(1),
  merchant_id: z.string().min(1),
  amount: z.number().positive(),
});
const RescoreRequest = z.object({ features: z.array(z.number()).length(16) });

const app = express();
app.use(express.json({ limit: '64kb' }));
app.use(pinoHttp({ logger }));
app.use('/v1/limits', limits);

// Default process metrics on /metrics, scraped by Prometheus.
client.collectDefaultMetrics();
app.get('/metrics', async (_req, res) => {
  res.set('Content-Type', client.register.contentType);
  res.send(await client.register.metrics());
});

const modelService = axios.create({ baseURL: config.modelServiceUrl, timeout: config.upstreamTimeoutMs });
const openai = new OpenAI({ apiKey: config.openaiApiKey, timeout: config.llmTimeoutMs, maxRetries: 1 });

async function explainDecline(amount: number, merchantId: string, score: number): Promise<string | null> {
  try {
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 80,
      messages: [
        {
          role: 'user',
          content: `Explain in one sentence why a payment of ${amount} at merchant ${merchantId} scored ${score} for fraud.`,
        },
      ],
    });
    return completion.choices[0].message.content;
  } catch (err) {
    logger.warn({ err }, 'decline explanation unavailable');
    return null;
  }
}

async function main(): Promise<void> {
  const merchantRisk: Record<string, number> = JSON.parse(await readFile(config.merchantRiskPath, 'utf8'));
  const fallbackModel = await ort.InferenceSession.create(config.fallbackModelPath);

  app.post('/v1/payments/score', async (req, res) => {
    const parsed = PaymentRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(422).json({ error: parsed.error.flatten() });
      return;
    }
    const payment = parsed.data;
    req.log.info({ paymentId: payment.payment_id }, 'scoring payment');
    try {
      const features = await fetch(`${config.featureStoreUrl}/features/${payment.customer_id}`, {
        signal: AbortSignal.timeout(config.upstreamTimeoutMs),
      }).then((r) => r.json());
      const { data } = await modelService.post('/predict', { amount: payment.amount, merchantId: payment.merchant_id, features });
      const score = data.score * (merchantRisk[payment.merchant_id] ?? 1);
      if (score < config.declineThreshold) {
        res.json({ decision: 'approve', score });
        return;
      }
      const explanation = await explainDecline(payment.amount, payment.merchant_id, score);
      res.json({ decision: 'decline', score, explanation });
    } catch (err) {
      req.log.error({ err }, 'fraud model unavailable, sending to manual review');
      res.status(200).json({ decision: 'review', score: null, fallback: true });
    }
  });

  app.post('/v1/payments/rescore', async (req, res) => {
    const parsed = RescoreRequest.safeParse(req.body);
    if (!parsed.success) {
      res.status(422).json({ error: parsed.error.flatten() });
      return;
    }
    const features = parsed.data.features;
    try {
      const input = new ort.Tensor('float32', Float32Array.from(features), [1, features.length]);
      const output = await fallbackModel.run({ input });
      res.json({ score: output.score.data[0] });
    } catch (err) {
      req.log.error({ err }, 'fallback model failed');
      res.status(503).json({ error: 'scoring unavailable', fallback: true });
    }
  });

  app.get('/healthz', async (_req, res) => {
    try {
      await modelService.get('/healthz');
      res.send('ok');
    } catch (err) {
      logger.warn({ err }, 'model service not healthy');
      res.status(503).send('model service unavailable');
    }
  });

  app.listen(config.port, () => logger.info({ port: config.port }, 'gateway listening'));
}

main().catch((err) => {
  logger.fatal({ err }, 'gateway failed to start');
  process.exit(1);
});
