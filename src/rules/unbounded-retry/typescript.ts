import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { boundedCondition, REMOTE_CHAIN } from '../../knowledge/retryBounds';
import { isFunction, unwrap } from '../../parsers/typescript/module';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRuleContext, TsRuleImplementation } from '../../parsers/typescript/rule';

/**
 * unbounded-retry (ts/js): in serving code, a `while (true)` / `for (;;)` / `while (!done)` /
 * `while (run.status !== 'completed')` loop whose body calls a remote service (fetch, axios, an
 * LLM SDK) or a model and whose exits (`break`/`return`/`throw`) are never conditioned on a
 * counter, an attempt number or a clock (`Date.now()`, `performance.now()`). On the loop keyword.
 */

const FETCH =
  /^(fetch|globalThis\.fetch|window\.fetch|node-fetch|cross-fetch|isomorphic-fetch|undici\.(fetch|request)|node-fetch\.fetch|cross-fetch\.fetch)$/;
const AXIOS = /^axios(\.create\(\))?(\.(request|get|delete|head|options|post|put|patch|postForm|putForm|patchForm))?$/;
const LLM_CLIENT = /^(openai|openai\.OpenAI|openai\.AzureOpenAI|@anthropic-ai\/sdk|@anthropic-ai\/sdk\.Anthropic)\(\)\./;

type Loop = TSESTree.WhileStatement | TSESTree.ForStatement | TSESTree.DoWhileStatement;

function isOpenEnded(test: Node | null): boolean {
  if (!test) return true;
  const value = unwrap(test);
  if (value.type === 'Literal') return value.value === true || value.value === 1;
  if (value.type === 'UnaryExpression' && value.operator === '!') return true;
  if (value.type === 'BinaryExpression' && /^(!==|!=|===|==)$/.test(value.operator)) {
    const left = unwrap(value.left);
    const name =
      left.type === 'MemberExpression' && left.property.type === 'Identifier'
        ? left.property.name
        : left.type === 'Identifier'
          ? left.name
          : '';
    return /^(status|state)$/i.test(name);
  }
  return false;
}

function source(context: TsRuleContext, node: Node): string {
  return context.text.slice(node.range[0], node.range[1]);
}

/** Children of a node, for the bounded walks below (no parent links, no type annotations). */
function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || key === 'typeAnnotation' || key === 'returnType' || key === 'range' || key === 'loc') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && typeof (item as Node).type === 'string') out.push(item as Node);
    } else if (value && typeof value === 'object' && typeof (value as Node).type === 'string') out.push(value as Node);
  }
  return out;
}

function remoteCallIn(body: Node, context: TsRuleContext): string | undefined {
  const stack: Node[] = [body];
  for (let visited = 0; stack.length && visited < 20000; visited++) {
    const node = stack.pop()!;
    if (node !== body && isFunction(node)) continue;
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      const chain = source(context, callee).replace(/\s+|\?/g, '');
      const shown = `${chain}()`;
      const qualified = context.module.qualify(callee);
      if (qualified && (FETCH.test(qualified) || AXIOS.test(qualified) || LLM_CLIENT.test(qualified))) return shown;
      if (callee.type === 'MemberExpression' && !/^this\.[^.]+$/.test(chain) && REMOTE_CHAIN.test(chain)) return shown;
    }
    stack.push(...childrenOf(node));
  }
  return undefined;
}

/** Names the loop moves (`attempt++`, `tries += 1`): a condition on one bounds it. */
function countersOf(body: Node, context: TsRuleContext): Set<string> {
  const counters = new Set<string>();
  const stack: Node[] = [body];
  for (let visited = 0; stack.length && visited < 20000; visited++) {
    const node = stack.pop()!;
    if (node.type === 'UpdateExpression') counters.add(source(context, node.argument));
    else if (node.type === 'AssignmentExpression' && node.operator !== '=') counters.add(source(context, node.left));
    stack.push(...childrenOf(node));
  }
  return counters;
}

/** Whether some exit of the loop sits under a condition on a counter or a clock. */
function hasBoundedExit(loop: Loop, context: TsRuleContext, counters: Set<string>): boolean {
  const stack: Array<{ node: Node; guards: string[]; inner: boolean }> = [{ node: loop.body, guards: [], inner: false }];
  for (let visited = 0; stack.length && visited < 20000; visited++) {
    const { node, guards, inner } = stack.pop()!;
    if (isFunction(node)) continue;
    if (node.type === 'ReturnStatement' || node.type === 'ThrowStatement' || (node.type === 'BreakStatement' && (!inner || node.label))) {
      if (guards.some((guard) => boundedCondition(guard, counters))) return true;
      continue;
    }
    let next = guards;
    if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') next = [...guards, source(context, node.test)];
    const nested =
      inner || /^(WhileStatement|ForStatement|DoWhileStatement|ForInStatement|ForOfStatement|SwitchStatement)$/.test(node.type);
    for (const child of childrenOf(node)) stack.push({ node: child, guards: next, inner: nested && child !== node });
  }
  return false;
}

function check(loop: Loop, context: TsRuleContext): void {
  const serving = context.servingFunctionOf(loop);
  if (!serving) return;
  const test = loop.test;
  if (!isOpenEnded(test)) return;
  const counters = countersOf(loop.body, context);
  const literal = !test || unwrap(test).type === 'Literal';
  if (test && !literal && boundedCondition(source(context, test), counters)) return;
  const remote = remoteCallIn(loop.body, context);
  if (!remote || hasBoundedExit(loop, context, counters)) return;
  const name = serving.named ? context.text.slice(serving.nameStart, serving.nameEnd) : 'this handler';
  const keyword = loop.type === 'ForStatement' ? 3 : loop.type === 'DoWhileStatement' ? 2 : 5;
  context.report(
    loop.range[0],
    loop.range[0] + keyword,
    `This loop in ${serving.named ? `${name}()` : name} calls ${remote} until ${literal ? 'it breaks out' : 'its condition changes'}, with no attempt limit or deadline: a stuck upstream holds this request forever; count attempts or check a Date.now() deadline and give up`,
  );
}

export const typescript: TsRuleImplementation = {
  visitors: {
    WhileStatement(node, context) {
      check(node as TSESTree.WhileStatement, context);
    },
    DoWhileStatement(node, context) {
      check(node as TSESTree.DoWhileStatement, context);
    },
    ForStatement(node, context) {
      const loop = node as TSESTree.ForStatement;
      if (!loop.test) check(loop, context);
    },
  },
};
