// Per-merchant velocity limits, mounted by the gateway under /v1/limits.
import { Router } from 'express';
import { z } from 'zod';
import { config } from './config';
import { logger } from './logger';

export const limits = Router();

const LimitsUpdate = z.object({ daily: z.number().nonnegative(), perTransaction: z.number().nonnegative() });

limits.get('/:merchantId', async function getLimits(req, res) {
  try {
    const response = await fetch(`${config.limitsApiUrl}/${encodeURIComponent(req.params.merchantId)}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(config.upstreamTimeoutMs),
    });
    res.json(await response.json());
  } catch (err) {
    logger.error({ err }, 'limits service unavailable');
    res.status(503).json({ error: 'limits unavailable', fallback: true });
  }
});

limits.put('/:merchantId', async function setLimits(req, res) {
  const parsed = LimitsUpdate.safeParse(req.body);
  if (!parsed.success) {
    res.status(422).json({ error: parsed.error.flatten() });
    return;
  }
  try {
    await fetch(`${config.limitsApiUrl}/${encodeURIComponent(req.params.merchantId)}`, {
      method: 'PUT',
      body: JSON.stringify(parsed.data),
      signal: AbortSignal.timeout(config.upstreamTimeoutMs),
    });
    res.status(204).end();
  } catch (err) {
    logger.error({ err }, 'limits update failed');
    res.status(503).json({ error: 'limits unavailable', fallback: true });
  }
});
