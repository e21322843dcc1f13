/**
 * One file of the real-code sweep: read it the way the CLI does, analyse it, and check every fix it
 * offers on the real text — the result parses with no new errors, the finding is gone, and fixing
 * again changes nothing. Used by `scripts/sweep.mjs` (all of the corpus) and the sweep-sample test.
 */
import * as path from 'path';
import { parse as parseToml } from 'smol-toml';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { type FileAnalysis } from '../../../src/core/engine';
import { analyzeText } from '../../../src/session/engine';
import type { FileKind } from '../../../src/core/fileKinds';
import { applyFixes } from '../../../src/core/fixes';
import type { Finding, Fix } from '../../../src/core/types';
import { readSourceFile } from '../../../src/session/workspace';

export type SweepStatus = 'analysed' | 'skipped' | 'no-adapter' | 'crashed';

export interface SweepFileResult {
  path: string;
  kind?: FileKind;
  /** Analysed through an adapter its name would not pick (any .json as package.json, any .toml as pyproject). */
  forced: boolean;
  bytes: number;
  /** Wall time of the first analysis (read excluded). */
  ms: number;
  status: SweepStatus;
  reason?: string;
  findings: number;
  fixable: number;
  /** Fixes applied one at a time to the original text and checked. */
  fixesChecked: number;
  /** Fixes applied by the --fix loop (every safe fix, repeated until nothing changes). */
  fixLoopApplied: number;
  violations: string[];
}

export interface SweepOptions {
  /** At most this many fixes per file are checked one by one (every fix still runs through the --fix loop). */
  maxSingleFixes?: number;
}

/** Syntax problems in a text of this kind, by the format's own parser; undefined where the format has no syntax to break. */
export async function syntaxErrorCount(kind: FileKind, text: string, file: string): Promise<number | undefined> {
  switch (kind) {
    case 'python': {
      const analysis = await analyzeText({ path: file, kind, text, severities: () => 'off' });
      return analysis.hasSyntaxErrors === undefined ? undefined : analysis.hasSyntaxErrors ? 1 : 0;
    }
    case 'typescript': {
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKindOf(file));
      return (source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
    }
    case 'yaml':
      return parseAllDocuments(text).reduce((sum, document) => sum + ('errors' in document ? document.errors.length : 1), 0);
    case 'package-json':
    case 'lockfile':
    case 'notebook':
      try {
        JSON.parse(text.replace(/^\uFEFF/, ''));
        return 0;
      } catch {
        return 1;
      }
    case 'pyproject':
    case 'pipfile':
      try {
        parseToml(text);
        return 0;
      } catch {
        return 1;
      }
    default:
      return undefined;
  }
}

function scriptKindOf(file: string): ts.ScriptKind {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.tsx') return ts.ScriptKind.TSX;
  if (extension === '.jsx') return ts.ScriptKind.JSX;
  if (extension === '.js' || extension === '.mjs' || extension === '.cjs') return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

const countOf = (findings: readonly Finding[], ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId).length;

function isCrash(analysis: FileAnalysis): boolean {
  return analysis.skipped !== undefined && analysis.skipped.startsWith('internal error');
}

/** Sweeps one file from disk. Never throws: an exception out of the engine is reported as a crash. */
export async function sweepFile(
  file: string,
  kind: FileKind | undefined,
  forced: boolean,
  options: SweepOptions = {},
): Promise<SweepFileResult> {
  const result: SweepFileResult = {
    path: file,
    kind,
    forced,
    bytes: 0,
    ms: 0,
    status: 'analysed',
    findings: 0,
    fixable: 0,
    fixesChecked: 0,
    fixLoopApplied: 0,
    violations: [],
  };
  const read = readSourceFile(file);
  if (!read.decoded) {
    result.status = 'skipped';
    result.reason = read.skipped ?? 'unreadable';
    return result;
  }
  const text = read.decoded.text;
  result.bytes = Buffer.byteLength(text);
  try {
    await sweepText(result, text, options);
  } catch (error) {
    result.status = 'crashed';
    result.reason = error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ') : String(error);
  }
  return result;
}

/** Sweeps one text already in memory (the fuzz and sample tests call this directly). */
export async function sweepText(result: SweepFileResult, text: string, options: SweepOptions = {}): Promise<void> {
  const { kind, path: file } = result;
  const started = performance.now();
  const analysis = await analyzeText({ path: file, kind, text });
  result.ms = performance.now() - started;
  if (!kind || analysis.kind === undefined) {
    result.status = 'no-adapter';
    return;
  }
  if (isCrash(analysis)) {
    result.status = 'crashed';
    result.reason = analysis.skipped;
    return;
  }
  if (analysis.skipped) {
    result.status = 'skipped';
    result.reason = analysis.skipped;
    return;
  }
  result.findings = analysis.findings.length;
  const fixable = analysis.findings.filter((finding) => finding.fix);
  result.fixable = fixable.length;
  if (!fixable.length) return;
  // Notebook findings carry offsets into cells, not into the file; the CLI does not fix notebooks.
  if (analysis.cells) return;

  const originalErrors = await syntaxErrorCount(kind, text, file);
  const check = async (fixed: string, label: string): Promise<FileAnalysis | undefined> => {
    const after = await analyzeText({ path: file, kind, text: fixed });
    if (after.skipped) {
      result.violations.push(`${label}: the fixed text can no longer be analysed (${after.skipped})`);
      return undefined;
    }
    const errors = await syntaxErrorCount(kind, fixed, file);
    if (originalErrors !== undefined && errors !== undefined && errors > originalErrors) {
      result.violations.push(`${label}: the fix adds syntax errors (${originalErrors} before, ${errors} after)`);
    }
    return after;
  };

  // Each fix alone, on the original text.
  const limit = options.maxSingleFixes ?? 20;
  for (const finding of fixable.slice(0, limit)) {
    const fix = finding.fix!;
    const label = `${finding.ruleId} at offset ${finding.start} (${fix.description})`;
    const single = applyFixes(text, [fix]);
    if (single.applied !== 1 || single.text === text) {
      result.violations.push(`${label}: the fix changes nothing`);
      continue;
    }
    const after = await check(single.text, label);
    if (!after) continue;
    if (countOf(after.findings, finding.ruleId) >= countOf(analysis.findings, finding.ruleId)) {
      result.violations.push(`${label}: the finding is still there after its fix`);
    }
    result.fixesChecked++;
  }

  // The --fix loop over every safe fix must reach a fixed point: a further pass changes nothing.
  let current = text;
  let currentAnalysis = analysis;
  for (let pass = 0; ; pass++) {
    const fixes: Fix[] = currentAnalysis.findings.flatMap((finding) => (finding.fix?.safe ? [finding.fix] : []));
    if (!fixes.length) break;
    const next = applyFixes(current, fixes);
    if (next.text === current) break;
    if (pass === 10) {
      result.violations.push('--fix loop: still changing the text after 10 passes (no fixed point)');
      break;
    }
    const after = await check(next.text, `--fix pass ${pass + 1}`);
    if (!after) break;
    result.fixLoopApplied += next.applied;
    current = next.text;
    currentAnalysis = after;
  }
}
