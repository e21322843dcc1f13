import * as assert from 'node:assert/strict';
import { analyze, assertClean } from './helpers';

/**
 * `assertClean` for TS/JS: first checks the snippet parses. A TS/JS file with a syntax error is
 * skipped with no findings, so a near-miss with a typo would pass without testing anything.
 */
export async function assertCleanTs(ruleId: string, text: string, path = 'src/server.ts'): Promise<void> {
  const analysis = await analyze(text, path, ruleId);
  assert.equal(analysis.skipped, undefined, `snippet does not parse:\n${text}`);
  await assertClean(ruleId, text, path);
}
