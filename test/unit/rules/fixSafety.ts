import * as assert from 'node:assert/strict';
import { applyFixes } from '../../../src/core/fixes';
import type { RuleOptions } from '../../../src/core/types';
import { analyzeText } from '../../../src/session/engine';
import { assertFixed } from '../helpers';

/** How many findings each rule reports on `text`, with every rule enabled (the whole engine). */
async function ruleCounts(text: string, path: string, options?: Partial<RuleOptions>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const finding of (await analyzeText({ path, text, options })).findings)
    counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  return counts;
}

/**
 * What a fix must guarantee (rules.md R2.6, issue 13 item 4), checked end to end: applying every fix
 * of `ruleId` (in passes, as --fix and the editor do) leaves a file that parses without new syntax
 * errors, the rule's findings are gone, re-analysis offers no further fix of that rule, and the
 * whole engine reports no finding of any other rule that it did not report before (rule-id
 * multisets compared). Returns the fixed text.
 */
export async function assertFixedAlone(ruleId: string, text: string, path = 'app/serve.py'): Promise<string> {
  const before = await ruleCounts(text, path);
  const fixed = await assertFixed(ruleId, text, path);
  const after = await analyzeText({ path, text: fixed });
  assert.deepEqual(
    after.findings.filter((finding) => finding.ruleId === ruleId && finding.fix),
    [],
    `re-analysis still offers a ${ruleId} fix:\n${fixed}`,
  );
  const grown: string[] = [];
  for (const [id, count] of await ruleCounts(fixed, path)) {
    if (id !== ruleId && count > (before.get(id) ?? 0)) grown.push(`${id}: ${before.get(id) ?? 0} → ${count}`);
  }
  assert.deepEqual(
    grown,
    [],
    `the ${ruleId} fix created findings of other rules:\n${fixed}\n${after.findings.map((f) => `${f.ruleId}: ${f.message}`).join('\n')}`,
  );
  return fixed;
}

/** Applies one round of `ruleId`'s fixes under `options` (for fixes that read the configured timeouts). */
export async function fixedWith(ruleId: string, text: string, path: string, options: Partial<RuleOptions>): Promise<string> {
  const analysis = await analyzeText({ path, text, options });
  return applyFixes(
    text,
    analysis.findings.filter((finding) => finding.ruleId === ruleId && finding.fix).map((finding) => finding.fix!),
  ).text;
}
