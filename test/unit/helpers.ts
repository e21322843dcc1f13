import * as assert from 'node:assert/strict';
import { type FileAnalysis } from '../../src/core/engine';
import { analyzeText, ruleMeta } from '../../src/session/engine';
import { applyFixes } from '../../src/core/fixes';
import { severitiesFrom } from '../../src/core/config';
import { LineIndex } from '../../src/core/text';
import type { Finding } from '../../src/core/types';
import { parsePython } from '../../src/parsers/python/analyze';
import { parseTypeScript } from '../../src/parsers/typescript/parse';
import { checkEachFixAlone } from './fixSafety';

/** Analyses `text` as `path` with only `ruleId` enabled (all rules when omitted). */
export async function analyze(text: string, path: string, ruleId?: string): Promise<FileAnalysis> {
  return analyzeText({ path, text, severities: severitiesFrom(undefined, {}, { select: ruleId ? [ruleId] : [] }) });
}

export async function findings(ruleId: string, text: string, path = 'app/serve.py'): Promise<Finding[]> {
  return (await analyze(text, path, ruleId)).findings.filter((finding) => finding.ruleId === ruleId);
}

/** `line:column` (1-based) of each finding, and the text it covers: what a user sees. */
export async function located(ruleId: string, text: string, path = 'app/serve.py'): Promise<Array<{ at: string; text: string }>> {
  const lines = new LineIndex(text);
  return (await findings(ruleId, text, path)).map((finding) => {
    const position = lines.position(finding.start);
    return { at: `${position.line + 1}:${position.column + 1}`, text: text.slice(finding.start, finding.end) };
  });
}

export async function assertFlags(ruleId: string, text: string, path?: string): Promise<Finding[]> {
  const found = await findings(ruleId, text, path);
  assert.ok(found.length > 0, `expected ${ruleId} to flag:\n${text}`);
  return found;
}

export async function assertClean(ruleId: string, text: string, path?: string): Promise<void> {
  const found = await findings(ruleId, text, path);
  assert.deepEqual(
    found.map((finding) => `${finding.ruleId}: ${finding.message}`),
    [],
    `expected ${ruleId} not to flag:\n${text}`,
  );
}

/**
 * Applies every fix of `ruleId` (repeating passes like --fix does) and checks what a user relies on:
 * the result parses without syntax errors and the rule no longer reports. Returns the fixed text.
 */
export async function assertFixed(ruleId: string, text: string, path = 'app/serve.py'): Promise<string> {
  let current = text;
  const before = await findings(ruleId, current, path);
  assert.ok(before.length > 0, `expected ${ruleId} to flag before fixing:\n${text}`);
  assert.ok(
    before.every((finding) => finding.fix),
    `expected every ${ruleId} finding to carry a fix:\n${text}`,
  );
  assert.ok(ruleMeta(ruleId)?.fixable, `${ruleId} offers a fix but its definition says fixable: false`);
  // Each fix alone, re-checked with every rule: no new finding of any rule (R2.6).
  const alone = await checkEachFixAlone(
    new Map([[path, text]]),
    async (texts) => {
      const result = await analyze(texts.get(path)!, path);
      return new Map([[path, { findings: result.findings, skipped: result.skipped }]]);
    },
    (finding) => finding.ruleId === ruleId,
  );
  assert.deepEqual(alone.problems, [], `a ${ruleId} fix is not clean on its own:\n${alone.problems.join('\n')}`);
  assert.equal(alone.checked, before.length, 'every fix was checked on its own');
  for (let pass = 0; pass < 10; pass++) {
    const fixes = (await findings(ruleId, current, path)).flatMap((finding) => (finding.fix ? [finding.fix] : []));
    if (!fixes.length) break;
    current = applyFixes(current, fixes).text;
  }
  if (path.endsWith('.py')) {
    const tree = await parsePython(current);
    try {
      assert.equal(tree.rootNode.hasError, false, `fix left a syntax error:\n${current}`);
    } finally {
      tree.delete();
    }
  }
  if (/\.[cm]?[jt]sx?$/.test(path)) {
    // A TS/JS file that does not parse is skipped with no findings, so "no finding left" proves nothing without this.
    const parsed = parseTypeScript(current, path);
    assert.ok(!('error' in parsed), `fix left a syntax error (${'error' in parsed ? parsed.error : ''}):\n${current}`);
  }
  assert.deepEqual(await findings(ruleId, current, path), [], `finding remains after the fix:\n${current}`);
  return current;
}

/**
 * `assertFixed`, and what R2.6 asks of a fix beyond that: a second analysis of the fixed text finds
 * nothing left to fix, and no other rule reports more findings than before (counted per rule, so a
 * finding that only moved — missing-logging naming a new first handler — is not a new one).
 * Returns the fixed text.
 */
export async function assertFixedWithoutNewFindings(ruleId: string, text: string, path = 'app/serve.py'): Promise<string> {
  const counts = async (current: string) => {
    const out = new Map<string, string[]>();
    for (const finding of (await analyze(current, path)).findings) {
      if (finding.ruleId === ruleId) continue;
      out.set(finding.ruleId, [...(out.get(finding.ruleId) ?? []), finding.message]);
    }
    return out;
  };
  const before = await counts(text);
  const fixed = await assertFixed(ruleId, text, path);
  const again = (await analyze(fixed, path)).findings.filter((finding) => finding.ruleId === ruleId && finding.fix);
  assert.deepEqual(again, [], `a second analysis still offers fixes:\n${fixed}`);
  const added = [...(await counts(fixed))]
    .filter(([rule, messages]) => messages.length > (before.get(rule)?.length ?? 0))
    .map(([rule, messages]) => `${rule}: ${messages.join(' | ')}`);
  assert.deepEqual(added, [], `the fix created findings of other rules:\n${fixed}`);
  return fixed;
}
