import type { Node } from '@vscode/tree-sitter-wasm';
import type { Fix, TextEdit } from '../../core/types';
import { ensureImport, selfContainedFunction } from '../../parsers/python/ast';
import { calleeOf } from '../../parsers/python/edits';
import type { FunctionInfo, PythonModule } from '../../parsers/python/module';
import { definePython, type PythonRuleContext } from '../../parsers/python/rule';

/**
 * hardcoded-device: `"cuda"`/`"cuda:N"`/`"mps"` passed to `torch.device(`, `.to(`, a `device=` keyword
 * (or bound to a `device` variable), and `.cuda()` calls, that no availability check guards. Guards:
 * a conditional expression or `if`/`elif` testing `torch.cuda.is_available()` /
 * `torch.backends.mps.is_available()` (directly or through a variable holding it), or a fail-fast
 * `if not ...is_available(): raise` / `assert ...is_available()` earlier in the same function (or an
 * enclosing one) or at module level. A check elsewhere in the module does not excuse.
 */

const DEVICE_LITERAL = /^(?:cuda(?::\d+)?|mps)$/;

interface Guards {
  /** Names (last segment) bound to an availability check: `use_cuda = torch.cuda.is_available()`. */
  names: Set<string>;
  /** Fail-fast checks, with the function they sit in (undefined: module level). */
  failFast: Array<{ offset: number; scope: FunctionInfo | undefined }>;
}

const AVAILABILITY = /is_available\s*\(|device_count\s*\(/;

interface State {
  /** Computed on the first candidate of the file, not before (most files have none). */
  guards?: Guards;
}

/** Computed once per file, and only for files that have a candidate: text scans, no tree walk. */
function guardsOf(module: PythonModule, state: State): Guards {
  if (state.guards) return state.guards;
  const text = module.text;
  const names = new Set<string>();
  for (const match of text.matchAll(/^[ \t]*(?:self\.)?(\w+)[ \t]*(?::[^=\n]*)?=[^=\n][^\n]*(?:is_available|device_count)\s*\(/gm))
    names.add(match[1]);
  const failFast: Guards['failFast'] = [];
  const testsAvailability = (condition: string) =>
    AVAILABILITY.test(condition) || [...names].some((name) => new RegExp(`\\b${name}\\b`).test(condition));
  for (const match of text.matchAll(/^([ \t]*)if[ \t]+not\b([^\n]*):[ \t]*([^\n]*)$/gm)) {
    if (!testsAvailability(match[2])) continue;
    const offset = match.index ?? 0;
    let exits = /^(?:raise\b|sys\.exit\(|exit\(|quit\()/.test(match[3].trim());
    if (!exits && match[3].trim() === '') {
      // The block: following lines indented deeper than the `if`.
      const indent = match[1].length;
      let position = offset + match[0].length + 1;
      while (position < text.length && !exits) {
        const lineEnd = text.indexOf('\n', position);
        const line = text.slice(position, lineEnd < 0 ? text.length : lineEnd);
        position = lineEnd < 0 ? text.length : lineEnd + 1;
        if (line.trim() === '' || line.trim().startsWith('#')) continue;
        const lead = /^[ \t]*/.exec(line)![0].length;
        if (lead <= indent) break;
        if (/^(?:raise\b|sys\.exit\(|exit\(|quit\()/.test(line.trim())) exits = true;
      }
    }
    if (exits) failFast.push({ offset, scope: module.functionAt(offset + match[1].length) });
  }
  for (const match of text.matchAll(/^([ \t]*)assert[ \t]+([^\n]*)$/gm)) {
    if (!testsAvailability(match[2].split(',')[0])) continue;
    const offset = match.index ?? 0;
    failFast.push({ offset, scope: module.functionAt(offset + match[1].length) });
  }
  state.guards = { names, failFast };
  return state.guards;
}

function conditionText(node: Node | null, text: string): string {
  return node ? text.slice(node.startIndex, node.endIndex) : '';
}

function isGuardCondition(condition: string, guards: Guards): boolean {
  if (AVAILABILITY.test(condition)) return true;
  // `if device == "cuda":`, `if device.type != "cpu":` — the device was chosen by a check.
  if (/(?:==|!=|\bin\b)\s*["'](?:cuda|mps|cpu)/.test(condition) || /["'](?:cuda|mps|cpu)[^"']*["']\s*(?:==|!=|in\b)/.test(condition))
    return true;
  for (const name of guards.names) if (new RegExp(`\\b${name}\\b`).test(condition)) return true;
  // `"cuda" if args.gpu else "cpu"`, `if config.use_cuda:` — a configured choice, not a hard-coded device.
  return /(?:^|[^\w"'])\w*(?:gpu|cuda|mps|device)\w*/i.test(condition.replace(/(["'])[^"']*\1/g, ''));
}

function isGuarded(offset: number, context: PythonRuleContext, state: State): boolean {
  const guards = guardsOf(context.module, state);
  const text = context.text;
  for (const ancestor of context.ancestors) {
    if (ancestor.kind === 'conditional_expression') {
      if (isGuardCondition(conditionText(ancestor.node.namedChild(1), text), guards)) return true;
    } else if (ancestor.kind === 'if_statement') {
      const node = ancestor.node;
      if (isGuardCondition(conditionText(node.childForFieldName('condition'), text), guards)) return true;
      for (const clause of node.childrenForFieldName('alternative')) {
        if (
          clause?.type === 'elif_clause' &&
          clause.startIndex < offset &&
          isGuardCondition(conditionText(clause.childForFieldName('condition'), text), guards)
        ) {
          return true;
        }
      }
    }
  }
  for (const check of guards.failFast) {
    if (check.scope === undefined) {
      // Module level: it runs at import, before any function is called; module code only after it.
      if (context.scope !== undefined || check.offset < offset) return true;
      continue;
    }
    if (check.offset >= offset) continue;
    for (let fn = context.scope; fn; fn = fn.parent) if (fn === check.scope) return true;
  }
  return false;
}

/** The name `torch` is bound to, with the import to add when it is not bound; undefined if unusable. */
function torchName(context: PythonRuleContext, at: number): { name: string; edits: TextEdit[] } | undefined {
  const module = context.module;
  if (!selfContainedFunction(context.scope)) {
    for (const [name, value] of module.globals) {
      if (value === 'torch' && module.lookup(name, context.scope) === 'torch') return { name, edits: [] };
    }
  }
  if (module.lookup('torch', context.scope) !== 'torch' || (module.globals.has('torch') && module.globals.get('torch') !== 'torch'))
    return undefined;
  const edits = ensureImport(module, 'torch', context.scope, at);
  return edits && { name: 'torch', edits };
}

/**
 * `"cuda"` / `"cuda:0"` / `"mps"` falling back to the CPU. `"cuda:N"` needs N+1 devices, so it checks
 * `torch.cuda.device_count() > N` (an available GPU 0 says nothing of GPU 3). No parentheses: the
 * literal is always a whole argument or right-hand side.
 */
function guardedExpression(literal: string, device: string, torch: string): string {
  if (device === 'mps') return `${literal} if ${torch}.backends.mps.is_available() else "cpu"`;
  const index = /^cuda:(\d+)$/.exec(device);
  if (index && Number(index[1]) > 0) return `${literal} if ${torch}.cuda.device_count() > ${Number(index[1])} else "cpu"`;
  return `${literal} if ${torch}.cuda.is_available() else "cpu"`;
}

/** Where a device literal sits: an argument of torch.device/.to, a device= keyword, or a `device` variable. */
function literalUse(node: Node, context: PythonRuleContext): string | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  if (parent.type === 'keyword_argument') {
    const name = parent.childForFieldName('name')?.text;
    return name === 'device' ? 'device=' : undefined;
  }
  if (parent.type === 'argument_list') {
    if (parent.namedChild(0)?.startIndex !== node.startIndex) return undefined;
    const call = parent.parent;
    if (call?.type !== 'call') return undefined;
    const callee = calleeOf(call, context.text);
    if (callee.name === 'to' && callee.receiver) return '.to()';
    if (callee.name === 'device' && context.module.qualify(callee.node, context.scope) === 'torch.device') return 'torch.device()';
    return undefined;
  }
  if (parent.type === 'assignment' && parent.childForFieldName('right')?.startIndex === node.startIndex) {
    const left = parent.childForFieldName('left');
    const name =
      left?.type === 'identifier' ? left.text : left?.type === 'attribute' ? left.childForFieldName('attribute')?.text : undefined;
    return name && /(?:^|_)device$/i.test(name) ? `${name} =` : undefined;
  }
  return undefined;
}

export const python = definePython<State>({
  createState: () => ({}),
  visitors: {
    string(node, context, state) {
      const text = context.text;
      const start = node.startIndex;
      const quote = text[start];
      // Plain "cuda", "cuda:0", "mps" only: the first characters decide.
      if ((quote !== '"' && quote !== "'") || (text[start + 1] !== 'c' && text[start + 1] !== 'm')) return;
      const close = text.indexOf(quote, start + 1);
      if (close < 0 || close - start > 10) return;
      const device = text.slice(start + 1, close);
      if (!DEVICE_LITERAL.test(device)) return;
      const use = literalUse(node, context);
      if (!use || isGuarded(start, context, state)) return;
      const torch = torchName(context, start);
      const literal = text.slice(start, close + 1);
      const fix: Fix | undefined = torch && {
        description: `Fall back to the CPU when ${device === 'mps' ? 'MPS' : 'CUDA'} is not available`,
        edits: [{ start, end: close + 1, text: guardedExpression(literal, device, torch.name) }, ...torch.edits],
        safe: true,
      };
      const check = device === 'mps' ? 'torch.backends.mps.is_available()' : 'torch.cuda.is_available()';
      context.report(
        start,
        close + 1,
        `${literal} in ${use} without a ${check} check: it crashes on CPU-only nodes and in CI, and pins every replica to one device; choose the device from an availability check or configuration`,
        fix,
      );
    },
    call(node, context, state) {
      const callee = calleeOf(node, context.text);
      if (callee.name !== 'cuda' || !callee.receiver || callee.node?.type !== 'attribute') return;
      if (context.module.qualify(callee.node, context.scope) === 'torch.cuda') return;
      const attribute = callee.node.childForFieldName('attribute');
      if (!attribute || isGuarded(node.startIndex, context, state)) return;
      const args = node.childForFieldName('arguments');
      const argText = args ? context.text.slice(args.startIndex + 1, args.endIndex - 1).trim() : '';
      const torch = torchName(context, node.startIndex);
      let fix: Fix | undefined;
      if (torch && (argText === '' || /^\d+$/.test(argText))) {
        const literal = argText === '' ? '"cuda"' : `"cuda:${argText}"`;
        fix = {
          description: 'Move to CUDA only when it is available, else the CPU',
          edits: [
            {
              start: attribute.startIndex,
              end: node.endIndex,
              text: `to(${guardedExpression(literal, literal.slice(1, -1), torch.name)})`,
            },
            ...torch.edits,
          ],
          safe: true,
        };
      }
      context.report(
        attribute.startIndex,
        node.endIndex,
        `${callee.receiver}.cuda() without a torch.cuda.is_available() check: it crashes on CPU-only nodes and in CI; move to a device chosen from an availability check or configuration`,
        fix,
      );
    },
  },
});
