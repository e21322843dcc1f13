import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { LineIndex } from '../../core/text';
import type { RawFinding, RuleOptions } from '../../core/types';
import { TsModule } from './module';
import { flatten, parseTypeScript } from './parse';
import type { TsRule, TsRuleContext, TsVisitor } from './rule';

export type TsAnalysis = { findings: RawFinding[]; module: TsModule } | { error: string };

/**
 * Parses once, walks once (the flat node list), builds the module facts from that list, then
 * dispatches every node to the visitors the enabled rules registered for its type.
 */
export function analyzeTypeScript(text: string, path: string, rules: readonly TsRule[], options: RuleOptions): TsAnalysis {
  const parsed = parseTypeScript(text, path);
  if (!('error' in parsed)) return analyzeProgram(parsed.program, text, path, rules, options);
  const recovered = recover(text, path, parsed.line);
  if (!recovered) return { error: parsed.error };
  const analysis = analyzeProgram(recovered.program, recovered.text, path, rules, options);
  // Nothing that touches the blanked lines, and no module-wide verdict (the blanked line may hold the logger call).
  const touches = (start: number, end: number) => recovered.blanked.some(([from, to]) => start <= to && end >= from);
  analysis.findings = analysis.findings.filter((finding) => finding.ruleId !== 'missing-logging' && !touches(finding.start, finding.end));
  for (const finding of analysis.findings) {
    // A fix whose edits straddle a blanked line was computed without it: offer none.
    const edits = finding.fix?.edits;
    if (edits?.length && touches(Math.min(...edits.map((edit) => edit.start)), Math.max(...edits.map((edit) => edit.end))))
      finding.fix = undefined;
  }
  return analysis;
}

/**
 * typescript-estree gives no tree for a file with a syntax error, so recovery is done here: the
 * line the error is reported on, or the one before it (where a half-typed statement usually
 * starts), or both, are blanked with spaces — offsets elsewhere stay the same — and the text is
 * parsed again. A file that still does not parse is reported as skipped.
 */
function recover(
  text: string,
  path: string,
  line: number | undefined,
): { program: TSESTree.Program; text: string; blanked: Array<[number, number]> } | undefined {
  // Each attempt is a full parse: worth it for a file being edited, not for a huge file that never parses.
  if (!line || text.length > 300_000) return undefined;
  const lines = new LineIndex(text);
  const range = (oneBased: number): [number, number] | undefined =>
    oneBased >= 1 && oneBased <= lines.lineCount ? [lines.lineStart(oneBased - 1), lines.lineEnd(oneBased - 1)] : undefined;
  for (const candidate of [[line], [line - 1], [line - 1, line]]) {
    const blanked = candidate.map(range).filter((span): span is [number, number] => !!span);
    if (blanked.length !== candidate.length) continue;
    let patched = text;
    for (const [from, to] of blanked) patched = patched.slice(0, from) + ' '.repeat(to - from) + patched.slice(to);
    const parsed = parseTypeScript(patched, path);
    if (!('error' in parsed)) return { program: parsed.program, text: patched, blanked };
  }
  return undefined;
}

function analyzeProgram(
  program: TSESTree.Program,
  text: string,
  path: string,
  rules: readonly TsRule[],
  options: RuleOptions,
): { findings: RawFinding[]; module: TsModule } {
  const nodes = flatten(program);
  const module = new TsModule(path, text, nodes);
  const findings: RawFinding[] = [];
  const dispatch = new Map<string, Array<{ id: string; visit: TsVisitor }>>();
  for (const rule of rules) {
    for (const [type, visit] of Object.entries(rule.visitors)) {
      if (!visit) continue;
      let list = dispatch.get(type);
      if (!list) dispatch.set(type, (list = []));
      list.push({ id: rule.id, visit });
    }
  }
  let currentRule = '';
  const context: TsRuleContext = {
    module,
    text,
    options,
    servingFunctionOf: (node) => module.servingFunctionOf(node),
    report(start, end, message, fix) {
      findings.push({ ruleId: currentRule, start, end, message, fix });
    },
  };
  for (const node of nodes) {
    const listeners = dispatch.get(node.type);
    if (!listeners) continue;
    for (const listener of listeners) {
      currentRule = listener.id;
      listener.visit(node, context);
    }
  }
  for (const rule of rules) {
    if (!rule.finish) continue;
    currentRule = rule.id;
    rule.finish(context);
  }
  return { findings, module };
}
