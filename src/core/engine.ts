import { type RuleSeverities } from './config';
import { fileKindOf, type FileKind } from './fileKinds';
import type { AdapterFinding, AdapterTable, LanguageAdapter } from './languages';
import type { AnalyzeRequest, FileAnalysis } from './analysis';
import { crossFileFindings, projectsOf, type ProjectModelBuilder, type ProjectOptions, type ProjectRule } from './project';
import { scopeFinding } from './scope';
import { implementationsOf, type RuleDefinition, type RuleLimit } from './rule';
import { parseSuppressions } from './suppressions';
import { LineIndex } from './text';
import { DEFAULT_RULE_OPTIONS, isStackOverflow, SkipFile, type Finding, type RuleMeta } from './types';

export type { AnalyzeRequest, FileAnalysis } from './analysis';

/**
 * The analysis engine: handed its rules and its parser adapters, it analyses one file's text
 * (`analyzeText`: one parse, one walk, every enabled rule) and runs the cross-file pass over many
 * files' results (`analyzeProject`). Both apply suppression comments and the user's severities
 * (`finalize`). Every front end (CLI, editor, workspace check, language server) uses one engine,
 * built once in `src/session`.
 */
export interface Engine {
  readonly rules: readonly RuleDefinition[];
  readonly ruleIds: readonly string[];
  ruleMeta(id: string): RuleMeta | undefined;
  isRuleId(id: string): boolean;
  analyzeText(request: AnalyzeRequest): Promise<FileAnalysis>;
  /**
   * The project pass over many files' results: builds each project's model, runs the cross-file
   * rules, and scopes every code finding to the files its rule applies to (rules.md R2.1). Returns,
   * for every analysed file, its complete findings: its own that stay in scope plus its cross-file ones.
   */
  analyzeProject(files: readonly FileAnalysis[], options: ProjectOptions): Map<string, Finding[]>;
  finalize(findings: readonly AdapterFinding[], text: string, cells: string[] | undefined, severities: RuleSeverities): Finding[];
}

export interface EngineParts {
  rules: readonly RuleDefinition[];
  adapters: AdapterTable;
  /** Builds a project's deployment model; without one nothing is scoped out. */
  projectModel?: ProjectModelBuilder;
}

const CODE_KINDS: ReadonlySet<string> = new Set(['python', 'typescript', 'notebook']);

export function createEngine({ rules, adapters, projectModel }: EngineParts): Engine {
  const byId = new Map<string, RuleDefinition>();
  for (const rule of rules) {
    if (byId.has(rule.id)) throw new Error(`two rules are registered as '${rule.id}'`);
    byId.set(rule.id, rule);
  }
  const projectRules = implementationsOf<{ run: ProjectRule }>(rules, 'project');
  const limits = new Map(implementationsOf<{ holds: RuleLimit }>(rules, 'limit').map((rule) => [rule.id, rule.holds]));
  const loaded = new Map<FileKind, Promise<LanguageAdapter>>();
  const adapterFor = (kind: FileKind) => {
    let adapter = loaded.get(kind);
    if (!adapter) {
      const loader = adapters.get(kind);
      if (!loader) return undefined;
      loaded.set(kind, (adapter = loader()));
    }
    return adapter;
  };

  const finalizeFindings: Engine['finalize'] = (findings, text, cells, severities) =>
    finalize(findings, text, cells, severities, (id) => byId.get(id));

  return {
    rules,
    ruleIds: rules.map((rule) => rule.id),
    ruleMeta: (id) => byId.get(id),
    isRuleId: (id) => byId.has(id),
    finalize: finalizeFindings,
    analyzeText: (request) => analyzeText(request, rules, adapterFor, finalizeFindings),
    analyzeProject(files, options) {
      const projects = projectsOf(files, options);
      if (projectModel) for (const project of projects) project.model = projectModel(project);
      const raw = crossFileFindings(projects, options, projectRules);
      const result = new Map<string, Finding[]>();
      for (const project of projects) {
        for (const file of project.members) {
          if (file.skipped) continue;
          const severities = options.severities?.(file.path) ?? (() => undefined);
          const crossFile = raw.get(file.path);
          const extra = crossFile?.length ? finalizeFindings(crossFile, options.readText(file.path) ?? '', file.cells, severities) : [];
          const findings: Finding[] = [];
          for (const finding of [...file.findings, ...extra]) {
            // A code scope applies to code: a rule's manifest findings (hardcoded-path on hostPath) are scoped by its limit only.
            const meta = CODE_KINDS.has(file.kind ?? '') ? (byId.get(finding.ruleId) ?? {}) : {};
            const decision = scopeFinding(project.model, file.path, finding, meta, limits.get(finding.ruleId));
            if (decision.keep) findings.push(decision.scope ? { ...finding, scope: decision.scope } : finding);
          }
          findings.sort(byPosition);
          result.set(file.path, findings);
        }
      }
      return result;
    },
  };
}

/**
 * Analyses one file's text: the adapter for its kind parses it once and runs every enabled rule in
 * one walk; then suppression comments and the user's severities apply. Never throws for bad input:
 * an internal error becomes a `skipped` reason.
 */
async function analyzeText(
  request: AnalyzeRequest,
  rules: readonly RuleDefinition[],
  adapterFor: (kind: FileKind) => Promise<LanguageAdapter> | undefined,
  finalizeFindings: Engine['finalize'],
): Promise<FileAnalysis> {
  const kind = request.kind ?? fileKindOf(request.path);
  const result: FileAnalysis = { path: request.path, kind, findings: [] };
  if (!kind) return result;
  const adapter = adapterFor(kind);
  if (!adapter) return result;
  const severities = request.severities ?? (() => undefined);
  const topSuppressions = parseSuppressions(request.text.split(/\r\n|\r|\n/, 5).join('\n'));
  if (topSuppressions.fileIgnored) return result;
  try {
    const output = await (
      await adapter
    ).analyze({
      path: request.path,
      text: request.text,
      kind,
      rules: rules.filter((rule) => severities(rule.id) !== 'off'),
      options: { ...DEFAULT_RULE_OPTIONS, ...request.options },
      document: request.document,
    });
    result.facts = output.facts;
    result.cells = output.cells;
    result.hasSyntaxErrors = output.hasSyntaxErrors;
    if (output.skipped) {
      result.skipped = output.skipped;
      return result;
    }
    result.findings = finalizeFindings(output.findings, request.text, output.cells, severities);
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

/**
 * Applies suppressions and severities and sorts by position. A finding whose rule is not
 * registered is a bug in that rule, not something to drop silently.
 */
function finalize(
  findings: readonly AdapterFinding[],
  text: string,
  cells: string[] | undefined,
  severities: RuleSeverities,
  ruleMeta: (id: string) => RuleMeta | undefined,
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
    if (!meta) throw new Error(`a finding of the unregistered rule '${finding.ruleId}'`);
    const setting = severities(finding.ruleId);
    if (setting === 'off') continue;
    const { lines, suppressions } = sourceOf(finding.cell);
    if (suppressions.fileIgnored || suppressions.isSuppressed(finding.ruleId, lines.position(finding.start).line)) continue;
    const severity = setting ?? finding.defaultSeverity ?? meta.severity;
    const { defaultSeverity: _ignored, ...rest } = finding;
    void _ignored;
    out.push({ ...rest, severity, category: meta.category });
  }
  out.sort(byPosition);
  return dedupe(out);
}

/** Cell, then offset, then rule id. Rule ids are lower-case ASCII: code-unit order, without the ~20 ms ICU start-up of localeCompare. */
function byPosition(a: Finding, b: Finding): number {
  return (a.cell ?? -1) - (b.cell ?? -1) || a.start - b.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
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
