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
  if ('error' in parsed) return { error: parsed.error };
  const nodes = flatten(parsed.program);
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
