import type { Node } from '@vscode/tree-sitter-wasm';
import type { Fix, TextEdit } from '../../core/types';
import {
  isHttpCall,
  isLegacyOpenAiCall,
  isLlmCall,
  isSyncRuntimeInference,
  LANGCHAIN_PACKAGE,
  MODEL_METHODS,
} from '../../knowledge/remoteCalls';
import { boundedCondition, REMOTE_CHAIN } from '../../knowledge/retryBounds';
import { addKeywordArgument, callParts } from '../../parsers/python/ast';
import { calleeOf, qualifyCallee } from '../../parsers/python/edits';
import { insertModuleLines } from '../../parsers/python/insertion';
import type { FunctionInfo } from '../../parsers/python/module';
import type { PythonRuleContext, PythonRuleImplementation } from '../../parsers/python/rule';

/**
 * unbounded-retry: retries that never give up. tenacity `@retry`/`Retrying(...)` without `stop=`
 * (tenacity's default retries forever); backoff `on_exception`/`on_predicate` with neither
 * `max_tries` nor `max_time` (backoff's default too); and, in serving code, a `while True:` /
 * `while not done:` / `while run.status != ...:` loop whose body calls a remote service or a model
 * and whose exits (`break`/`return`/`raise`) are never conditioned on a counter, an attempt number
 * or a clock. Decorator findings sit on the decorator's name, loop findings on `while`.
 */

const TENACITY = /^tenacity\.(retry|Retrying|AsyncRetrying|asyncio\.AsyncRetrying|asyncio\.retry)$/;
const BACKOFF = /^backoff\.(on_exception|on_predicate)$/;
const CANDIDATES = new Set(['retry', 'Retrying', 'AsyncRetrying', 'on_exception', 'on_predicate']);
const LOOP_EXITS = new Set(['break_statement', 'return_statement', 'raise_statement']);
const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
const LOOPS = new Set(['while_statement', 'for_statement']);

/** The name `stop_after_attempt` is reachable by, and the import to add when it is not. */
function stopAfterAttempt(context: PythonRuleContext, callee: Node): { call: string; edits: TextEdit[] } {
  for (const [name, value] of context.module.globals) {
    if (value === 'tenacity.stop_after_attempt') return { call: `${name}(5)`, edits: [] };
  }
  if (callee.type === 'attribute') {
    const object = callee.childForFieldName('object');
    if (object && context.module.qualify(object, context.scope) === 'tenacity')
      return { call: `${object.text}.stop_after_attempt(5)`, edits: [] };
  }
  if (context.module.globals.has('stop_after_attempt'))
    return { call: 'tenacity.stop_after_attempt(5)', edits: [insertModuleLines(context.module, ['import tenacity'])] };
  return { call: 'stop_after_attempt(5)', edits: [insertModuleLines(context.module, ['from tenacity import stop_after_attempt'])] };
}

function tenacityFinding(target: Node, call: Node | undefined, context: PythonRuleContext, shown: string): void {
  let fix: Fix | undefined;
  const stop = stopAfterAttempt(context, target);
  if (call) {
    const edit = addKeywordArgument(call, context.text, `stop=${stop.call}`);
    if (edit) fix = { description: 'Add stop=stop_after_attempt(5)', edits: [edit, ...stop.edits], safe: true };
  } else {
    fix = {
      description: 'Add stop=stop_after_attempt(5)',
      edits: [{ start: target.endIndex, end: target.endIndex, text: `(stop=${stop.call})` }, ...stop.edits],
      safe: true,
    };
  }
  context.report(
    target.startIndex,
    target.endIndex,
    `${shown} has no stop=: tenacity retries forever by default, so a failing upstream holds this caller (and its worker) for good; add stop=stop_after_attempt(5) (or a stop_after_delay)`,
    fix,
  );
}

/** Counters the loop body moves (`attempt += 1`): a condition on one bounds the loop. */
function countersOf(body: Node): Set<string> {
  const counters = new Set<string>();
  for (const assignment of body.descendantsOfType('augmented_assignment')) {
    const left = assignment?.childForFieldName('left');
    if (left && (left.type === 'identifier' || left.type === 'attribute')) counters.add(left.text);
  }
  return counters;
}

/** The exits of a loop body that leave this loop (a `break` of an inner loop does not), with their guards' sources. */
function exitsOf(loop: Node): Array<{ exit: Node; guards: string[] }> {
  const body = loop.childForFieldName('body');
  if (!body) return [];
  const exits: Array<{ exit: Node; guards: string[] }> = [];
  const stack: Array<{ node: Node; guards: string[]; innerLoop: boolean }> = [{ node: body, guards: [], innerLoop: false }];
  while (stack.length) {
    const { node, guards, innerLoop } = stack.pop()!;
    for (const child of node.namedChildren) {
      if (!child || NESTED_SCOPES.has(child.type)) continue;
      if (LOOP_EXITS.has(child.type)) {
        if (!(innerLoop && child.type === 'break_statement')) exits.push({ exit: child, guards });
        continue;
      }
      let inner = guards;
      if (child.type === 'if_statement' || child.type === 'elif_clause' || child.type === 'while_statement') {
        const condition = child.childForFieldName('condition');
        if (condition) inner = [...guards, condition.text];
      } else if (child.type === 'else_clause' && node.type === 'if_statement') {
        const condition = node.childForFieldName('condition');
        if (condition) inner = [...guards, condition.text];
      } else if (child.type === 'except_clause') {
        inner = [...guards, child.text.slice(0, child.text.indexOf(':') + 1)];
      }
      stack.push({ node: child, guards: inner, innerLoop: innerLoop || LOOPS.has(child.type) });
    }
  }
  return exits;
}

/** `while True`, `while 1`, `while not done`, `while run.status != "completed"`: loops that wait for something to happen. */
function isOpenEnded(condition: Node): boolean {
  switch (condition.type) {
    case 'true':
      return true;
    case 'integer':
      return condition.text !== '0';
    case 'not_operator':
      return true;
    case 'comparison_operator': {
      const left = condition.namedChild(0);
      const name =
        left?.type === 'attribute' ? left.childForFieldName('attribute')?.text : left?.type === 'identifier' ? left.text : undefined;
      return name !== undefined && /^(status|state)$/i.test(name);
    }
    case 'parenthesized_expression': {
      const inner = condition.namedChild(0);
      return inner ? isOpenEnded(inner) : false;
    }
    default:
      return false;
  }
}

/** The first call in the loop body (outside nested functions) that reaches a remote service or a model. */
function remoteCallIn(loop: Node, context: PythonRuleContext, scope: FunctionInfo | undefined): string | undefined {
  const body = loop.childForFieldName('body');
  if (!body) return undefined;
  const stack: Node[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (!child || NESTED_SCOPES.has(child.type)) continue;
      if (child.type === 'call') {
        const callee = calleeOf(child, context.text);
        const chain = callee.text.replace(/\s+/g, '');
        const shown = `${chain}()`;
        if (callee.node?.type === 'attribute' && !/^(self|cls)$/.test(callee.receiver)) {
          if (REMOTE_CHAIN.test(chain) && (!MODEL_METHODS.has(callee.name) || callee.receiver)) return shown;
          const qualified = qualifyCallee(context.module, callee.node, scope);
          if (
            qualified &&
            (isHttpCall(qualified) || isLlmCall(qualified) || isLegacyOpenAiCall(qualified) || isSyncRuntimeInference(qualified))
          )
            return shown;
          if (qualified && callee.name === 'invoke' && LANGCHAIN_PACKAGE.test(qualified)) return shown;
        } else if (callee.node?.type === 'identifier') {
          const qualified = context.module.qualify(callee.node, scope);
          if (qualified && (isHttpCall(qualified) || qualified === 'urllib.request.urlopen')) return shown;
        }
      }
      stack.push(child);
    }
  }
  return undefined;
}

export const python: PythonRuleImplementation = {
  visitors: {
    decorator(node, context) {
      const expression = node.namedChild(0);
      if (!expression || (expression.type !== 'identifier' && expression.type !== 'attribute')) return;
      const name = expression.type === 'identifier' ? expression.text : (expression.childForFieldName('attribute')?.text ?? '');
      if (name !== 'retry') return;
      const qualified = context.module.qualify(expression, context.scope);
      if (qualified !== 'tenacity.retry' && qualified !== 'tenacity.asyncio.retry') return;
      tenacityFinding(expression, undefined, context, `@${expression.text}`);
    },
    call(node, context) {
      const callee = calleeOf(node, context.text);
      if (!CANDIDATES.has(callee.name) || !callee.node) return;
      const qualified = context.module.qualify(callee.node, context.scope);
      if (!qualified) return;
      const decorator = node.parent?.type === 'decorator';
      const shown = `${decorator ? '@' : ''}${callee.text.replace(/\s+/g, '')}(...)`;
      const parts = callParts(node);
      if (parts.hasKeywordSplat) return;
      if (TENACITY.test(qualified)) {
        if (parts.keywords.has('stop')) return;
        tenacityFinding(callee.node, node, context, shown);
        return;
      }
      if (!BACKOFF.test(qualified) || parts.keywords.has('max_tries') || parts.keywords.has('max_time')) return;
      const edit = addKeywordArgument(node, context.text, 'max_tries=5');
      context.report(
        callee.node.startIndex,
        callee.node.endIndex,
        `${shown} has neither max_tries nor max_time: backoff retries forever by default, so a failing upstream holds this caller (and its worker) for good; add max_tries=5 (or max_time=<seconds>)`,
        edit ? { description: 'Add max_tries=5', edits: [edit], safe: true } : undefined,
      );
    },
    while_statement(node, context) {
      const serving = context.servingFunction;
      if (!serving) return;
      const condition = node.childForFieldName('condition');
      if (!condition || !isOpenEnded(condition)) return;
      const body = node.childForFieldName('body');
      if (!body) return;
      const counters = countersOf(body);
      if (condition.type !== 'true' && boundedCondition(condition.text, counters)) return;
      const remote = remoteCallIn(node, context, context.scope);
      if (!remote) return;
      if (exitsOf(node).some(({ guards }) => guards.some((guard) => boundedCondition(guard, counters)))) return;
      context.report(
        node.startIndex,
        condition.endIndex,
        `This loop in ${serving.name}() calls ${remote} until ${condition.type === 'true' || condition.type === 'integer' ? 'it breaks out' : 'its condition changes'}, with no attempt limit or deadline: a stuck upstream holds this request (and its worker) forever; count attempts or check a time.monotonic() deadline and give up`,
      );
    },
  },
};
