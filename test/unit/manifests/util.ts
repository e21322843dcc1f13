import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { severitiesFrom } from '../../../src/core/config';
import { type FileAnalysis } from '../../../src/core/engine';
import { analyzeText } from '../../../src/session/engine';
import { fileKindOf } from '../../../src/core/fileKinds';
import { applyFixes } from '../../../src/core/fixes';
import { analyzeProject, ruleMeta } from '../../../src/session/engine';
import { LineIndex } from '../../../src/core/text';
import type { Finding } from '../../../src/core/types';

/** `line:column` (1-based) and covered text of each finding of `ruleId` in a manifest. */
export async function at(ruleId: string, text: string, file: string): Promise<Array<{ at: string; text: string }>> {
  const analysis = await analyzeText({ path: file, text, severities: severitiesFrom(undefined, {}, { select: [ruleId] }) });
  assert.equal(analysis.skipped, undefined, `unexpectedly skipped: ${analysis.skipped}`);
  const lines = new LineIndex(text);
  return analysis.findings.map((finding) => {
    const position = lines.position(finding.start);
    return { at: `${position.line + 1}:${position.column + 1}`, text: text.slice(finding.start, finding.end) };
  });
}

export async function findingsOf(ruleId: string, text: string, file: string): Promise<Finding[]> {
  const analysis = await analyzeText({ path: file, text, severities: severitiesFrom(undefined, {}, { select: [ruleId] }) });
  return analysis.findings;
}

/**
 * Applies every fix of `ruleId` in passes (as --fix does), then checks what a user relies on: the file
 * still parses (no `skipped`, YAML without errors), the rule no longer reports, and no other rule
 * reports something new. Returns the fixed text.
 */
export async function assertManifestFixed(ruleId: string, text: string, file: string): Promise<string> {
  const all = async (current: string) => analyzeText({ path: file, text: current });
  const before = await findingsOf(ruleId, text, file);
  assert.ok(before.length > 0, `expected ${ruleId} to flag:\n${text}`);
  assert.ok(
    before.every((finding) => finding.fix),
    'every finding carries a fix',
  );
  assert.ok(ruleMeta(ruleId)?.fixable, `${ruleId} offers a fix but its definition says fixable: false`);
  const othersBefore = new Set((await all(text)).findings.filter((f) => f.ruleId !== ruleId).map((f) => `${f.ruleId}: ${f.message}`));
  let current = text;
  for (let pass = 0; pass < 10; pass++) {
    const fixes = (await findingsOf(ruleId, current, file)).flatMap((finding) => (finding.fix ? [finding.fix] : []));
    if (!fixes.length) break;
    current = applyFixes(current, fixes).text;
  }
  const after = await all(current);
  assert.equal(after.skipped, undefined, `the fixed file no longer parses: ${after.skipped}\n${current}`);
  if (fileKindOf(file) === 'yaml') {
    for (const document of parseAllDocuments(current) as ReturnType<typeof parseAllDocuments> & unknown[]) {
      assert.deepEqual(
        document.errors.map((error) => error.message),
        [],
        current,
      );
    }
  }
  assert.deepEqual(
    after.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message),
    [],
    `finding remains after the fix:\n${current}`,
  );
  const newOthers = after.findings.filter((f) => f.ruleId !== ruleId && !othersBefore.has(`${f.ruleId}: ${f.message}`));
  assert.deepEqual(
    newOthers.map((f) => `${f.ruleId}: ${f.message}`),
    [],
    `the fix introduced new findings:\n${current}`,
  );
  return current;
}

/** Writes files into a fresh temporary folder and returns its path. */
export function tempProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prodready-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

export interface ProjectRun {
  analyses: FileAnalysis[];
  cross: Map<string, Finding[]>;
  /** Cross-file findings as `relative/path[:cell]:line:col rule`. */
  lines: string[];
}

/** Analyses every file of an in-memory project (paths relative to `root`) and runs the workspace pass. */
export async function runProject(root: string, files: Record<string, string>, roots: string[] = [root]): Promise<ProjectRun> {
  const texts = new Map<string, string>();
  const analyses: FileAnalysis[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    texts.set(file, text);
    analyses.push(await analyzeText({ path: file, text }));
  }
  const complete = analyzeProject(analyses, { roots, readText: (file) => texts.get(file), hasMarker: () => false });
  // What the project pass added: each file's complete findings less its own.
  const cross = new Map<string, Finding[]>();
  const lines: string[] = [];
  for (const analysis of analyses) {
    const key = (finding: Finding) => `${finding.ruleId}:${finding.cell ?? ''}:${finding.start}:${finding.end}`;
    const own = new Set(analysis.findings.map(key));
    const added = (complete.get(analysis.path) ?? []).filter((finding) => !own.has(key(finding)));
    if (added.length) cross.set(analysis.path, added);
    for (const finding of added) {
      const source = finding.cell !== undefined ? analysis.cells![finding.cell] : texts.get(analysis.path)!;
      const position = new LineIndex(source).position(finding.start);
      const cell = finding.cell !== undefined ? `[${finding.cell}]` : '';
      lines.push(
        `${path.relative(root, analysis.path).split(path.sep).join('/')}${cell}:${position.line + 1}:${position.column + 1} ${finding.ruleId}`,
      );
    }
  }
  return { analyses, cross, lines: lines.sort() };
}
