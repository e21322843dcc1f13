// Per-merchant velocity limits, mounted by the gateway under /v1/limits.
import { Router } from 'express';

export const limits = Router();

const LIMITS_API = 'http://limits-service:9000/limits';

limits.get('/:merchantId', async function getLimits(req, res) {
  const response = await fetch(`${LIMITS_API}/${req.params.merchantId}`, { headers: { accept: 'application/json' } });
  res.json(await response.json());
});

limits.put('/:merchantId', async function setLimits(req, res) {
  const { daily, perTransaction } = req.body;
  await fetch(`${LIMITS_API}/${req.params.merchantId}`, { method: 'PUT', body: JSON.stringify({ daily, perTransaction }) });
  res.status(204).end();
});
