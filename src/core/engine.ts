import '../parsers/register';
import { ruleMeta } from '../rules/catalog';
import { type RuleSeverities } from './config';
import { fileKindOf, type FileKind } from './fileKinds';
import { adapterFor, type AdapterFinding } from './languages';
import type { FileFacts } from './project';
import type { IncrementalDocument } from './documentCache';
import { parseSuppressions } from './suppressions';
import { LineIndex } from './text';
import { DEFAULT_RULE_OPTIONS, isStackOverflow, SkipFile, type Finding, type RuleOptions } from './types';

export interface AnalyzeRequest {
  /** Absolute (or workspace-relative) path; decides the file kind unless `kind` is given. */
  path: string;
  text: string;
  kind?: FileKind;
  severities?: RuleSeverities;
  options?: RuleOptions;
  /** Editor documents: lets the parser re-parse incrementally from the previous tree. */
  document?: IncrementalDocument;
}

export interface FileAnalysis {
  path: string;
  kind: FileKind | undefined;
  /** Sorted by position; suppressed findings and disabled rules are already gone. */
  findings: Finding[];
  /** Why the file could not be analysed, when it could not. */
  skipped?: string;
  facts?: FileFacts;
  /** Cell texts of a notebook (findings' offsets are inside them). */
  cells?: string[];
  hasSyntaxErrors?: boolean;
}

/**
 * Analyses one file's text: the adapter for its kind parses it once and runs every enabled rule in
 * one walk; then suppression comments and the user's severities apply. Never throws for bad input:
 * an internal error becomes a `skipped` reason.
 */
export async function analyzeText(request: AnalyzeRequest): Promise<FileAnalysis> {
  const kind = request.kind ?? fileKindOf(request.path);
  const result: FileAnalysis = { path: request.path, kind, findings: [] };
  if (!kind) return result;
  const adapter = adapterFor(kind);
  if (!adapter) return result;
  const severities = request.severities ?? (() => undefined);
  const isEnabled = (ruleId: string) => severities(ruleId) !== 'off';
  const topSuppressions = parseSuppressions(request.text.split(/\r\n|\r|\n/, 5).join('\n'));
  if (topSuppressions.fileIgnored) return result;
  try {
    const output = await (
      await adapter
    ).analyze({
      path: request.path,
      text: request.text,
      kind,
      isEnabled,
      options: request.options ?? DEFAULT_RULE_OPTIONS,
      document: request.document,
    });
    result.facts = output.facts;
    result.cells = output.cells;
    result.hasSyntaxErrors = output.hasSyntaxErrors;
    if (output.skipped) {
      result.skipped = output.skipped;
      return result;
    }
    result.findings = finalize(output.findings, request.text, output.cells, severities);
  } catch (error) {
    // A parser or walk that recurses per level of nesting runs out of stack on machine-made input
    // thousands of levels deep: say so plainly rather than as an internal error.
    result.skipped =
      error instanceof SkipFile
        ? error.message
        : isStackOverflow(error)
          ? 'nested too deeply to analyse (the parser ran out of stack)'
          : `internal error while analysing: ${error instanceof Error ? error.message : String(error)}`;
    result.findings = [];
  }
  return result;
}

/** Applies suppressions and severities; drops findings of disabled rules; sorts by position. */
export function finalize(
  findings: readonly AdapterFinding[],
  text: string,
  cells: string[] | undefined,
  severities: RuleSeverities,
): Finding[] {
  const indexes = new Map<number, { lines: LineIndex; suppressions: ReturnType<typeof parseSuppressions> }>();
  const sourceOf = (cell: number | undefined) => {
    const key = cell ?? -1;
    let entry = indexes.get(key);
    if (!entry) {
      const source = cell === undefined ? text : (cells?.[cell] ?? '');
      entry = { lines: new LineIndex(source), suppressions: parseSuppressions(source) };
      indexes.set(key, entry);
    }
    return entry;
  };
  const out: Finding[] = [];
  for (const finding of findings) {
    const meta = ruleMeta(finding.ruleId);
    if (!meta) continue;
    const setting = severities(finding.ruleId);
    if (setting === 'off') continue;
    const { lines, suppressions } = sourceOf(finding.cell);
    if (suppressions.fileIgnored || suppressions.isSuppressed(finding.ruleId, lines.position(finding.start).line)) continue;
    const severity = setting ?? finding.defaultSeverity ?? meta.severity;
    const { defaultSeverity: _ignored, ...rest } = finding;
    void _ignored;
    out.push({ ...rest, severity, category: meta.category });
  }
  // Rule ids are lower-case ASCII: code-unit order, without the ~20 ms ICU start-up of localeCompare.
  out.sort((a, b) => (a.cell ?? -1) - (b.cell ?? -1) || a.start - b.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return dedupe(out);
}

/** One finding per rule and range: a rule reached twice through aliases reports once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.cell ?? ''}:${finding.start}:${finding.end}:${finding.ruleId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
