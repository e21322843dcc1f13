import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { detectEol, indentationAt } from '../../core/text';
import type { Fix, TextEdit } from '../../core/types';
import { hasMultiLineTemplate } from '../../parsers/typescript/edits';
import { propertyName, unwrap, type FunctionInfo } from '../../parsers/typescript/module';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRuleImplementation, TsRuleContext } from '../../parsers/typescript/rule';
import { isRemoteCall } from '../missing-timeout/typescript';

/**
 * missing-fallback (ts/js): in serving code, a call that reaches a model or a remote service —
 * the HTTP calls of missing-timeout (fetch, axios, http) and model calls (`.predict(`, `.generate(`,
 * `.chat.completions.create(`, `.messages.create(`, `.responses.create(`, `.infer(`, ONNX Runtime
 * `session.run(`, SageMaker `InvokeEndpointCommand`) — with neither an enclosing `try`/`catch`
 * whose handler does more than rethrow, nor a `.catch(` (or two-argument `.then(`) on its promise.
 * Promise-returning callbacks (`items.map(async (x) => …)`) are protected by a `try` around the
 * code that awaits them; other nested functions are not.
 */

const MODEL_METHODS = new Set(['predict', 'generate', 'infer', 'invokeEndpoint']);
/** LangChain chat models' `.invoke(` (R2.3): a model call like any other. */
const LANGCHAIN_INVOKE =
  /^(@langchain\/openai|@langchain\/anthropic|langchain\/chat_models\/(openai|anthropic))\.(ChatOpenAI|AzureChatOpenAI|ChatAnthropic)\(\)\.invoke$/;

function remoteCall(call: TSESTree.CallExpression, context: TsRuleContext): { shown: string; what: 'model' | 'service' } | undefined {
  const callee = unwrap(call.callee);
  const shown = `${context.text.slice(callee.range[0], callee.range[1]).replace(/\s+/g, '')}()`;
  if (isRemoteCall(call, context.module)) return { shown, what: 'service' };
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (!method || unwrap(callee.object).type === 'ThisExpression') return undefined;
  if (method === 'generate') {
    // `shortid.generate()`, `passwordGenerator.generate()`: in JS only a model's generate is a model call.
    const receiver = unwrap(callee.object);
    const name = receiver.type === 'Identifier' ? receiver.name : receiver.type === 'MemberExpression' ? propertyName(receiver) : undefined;
    const qualified = context.module.qualify(receiver) ?? '';
    if (/^(@xenova\/transformers|@huggingface\/transformers)\./.test(qualified) || /(model|llm|lm)$/i.test(name ?? ''))
      return { shown, what: 'model' };
    return undefined;
  }
  if (MODEL_METHODS.has(method)) return { shown, what: 'model' };
  if (method === 'invoke' && LANGCHAIN_INVOKE.test(context.module.qualify(callee) ?? '')) return { shown, what: 'model' };
  const chain = shown.replace(/\?/g, '');
  if (method === 'create' && /(^|\.)(chat\.completions|completions|messages|responses)\.create\(\)$/.test(chain))
    return { shown, what: 'model' };
  if (method === 'run' && /InferenceSession\.create\(\)\.run$/.test(context.module.qualify(callee) ?? '')) return { shown, what: 'model' };
  if (method === 'send') {
    const command = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    if (
      command?.type === 'NewExpression' &&
      /InvokeEndpoint(WithResponseStream|Async)?Command\(\)$/.test(context.module.qualify(command) ?? '')
    ) {
      return { shown, what: 'model' };
    }
  }
  return undefined;
}

/** A handler whose last statement rethrows what it caught adds no fallback. */
function onlyRethrows(handler: TSESTree.CatchClause): boolean {
  const statements = handler.body.body;
  const last = statements[statements.length - 1];
  if (!last || last.type !== 'ThrowStatement') return false;
  const thrown = unwrap(last.argument);
  return handler.param?.type === 'Identifier' && thrown.type === 'Identifier' && thrown.name === handler.param.name;
}

/** A callback whose rejection flows into the promise its caller awaits: `async (x) => …` or `(x) => fetch(x)`. */
function isPromiseCallback(fn: Node): boolean {
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return false;
  const parent = fn.parent;
  if (parent?.type !== 'CallExpression' || !parent.arguments.includes(fn as never)) return false;
  return fn.async || (fn.type === 'ArrowFunctionExpression' && fn.expression);
}

function isProtected(call: Node, serving: FunctionInfo): boolean {
  let current: Node = call;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    if (parent.type === 'TryStatement' && parent.block === current && parent.handler && !onlyRethrows(parent.handler)) return true;
    if (parent.type === 'CallExpression' && parent.callee === current && current.type === 'MemberExpression') {
      const method = propertyName(current);
      if (method === 'catch' || (method === 'then' && parent.arguments.length >= 2)) return true;
    }
    if (parent.type === 'ArrowFunctionExpression' || parent.type === 'FunctionExpression' || parent.type === 'FunctionDeclaration') {
      if (parent === serving.node || !isPromiseCallback(parent)) return false;
    }
  }
  return false;
}

/** The statement to start wrapping: the one holding the call, directly in the serving function's body. */
function wrappableStatement(call: Node, serving: FunctionInfo): TSESTree.Statement | undefined {
  const body = serving.node.body;
  if (body.type !== 'BlockStatement') return undefined;
  let current: Node = call;
  while (current.parent && current.parent !== body) {
    if (current.parent.type.includes('Function')) return undefined;
    current = current.parent;
  }
  return current.parent === body ? (current as TSESTree.Statement) : undefined;
}

/** A string literal in the file's own quote style: the quotes of its first import's specifier. */
function quoted(value: string, context: TsRuleContext): string {
  for (const { node } of context.module.imports) {
    const literal = node.type === 'ImportDeclaration' ? node.source : node.type === 'CallExpression' ? node.arguments[0] : undefined;
    if (literal?.type !== 'Literal') continue;
    if (context.text[literal.range[0]] === "'") return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    break;
  }
  return JSON.stringify(value);
}

/** The statement that answers the request with a 503, in the framework's own idiom. */
function fallbackResponse(serving: FunctionInfo, context: TsRuleContext, message: string): string[] | undefined {
  // The framework's own 503 (R2.2): an error the client can retry, never a 200 with another body.
  const payload = `{ error: ${quoted(message, context)} }`;
  const [request, response] = serving.params;
  if (serving.serving?.kind === 'next-route') return [`return Response.json(${payload}, { status: 503 });`];
  if (response === 'reply') return [`return reply.code(503).send(${payload});`];
  if (response && /^(res|response)$/.test(response)) return [`return ${response}.status(503).json(${payload});`];
  if (!response && request === 'ctx' && context.module.importedPackages.has('koa'))
    return [`ctx.status = 503;`, `ctx.body = ${payload};`, 'return;'];
  if (!response && request === 'c' && context.module.importedPackages.has('hono')) return [`return c.json(${payload}, 503);`];
  return undefined;
}

function wrapFix(call: Node, serving: FunctionInfo, context: TsRuleContext, what: string): Fix | undefined {
  const statement = wrappableStatement(call, serving);
  if (!statement || serving.node.body.type !== 'BlockStatement') return undefined;
  const { text, module } = context;
  const statements = serving.node.body.body;
  const first = statement;
  const last = statements[statements.length - 1];
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  if (text.slice(lineStart, first.range[0]).trim() !== '') return undefined;
  if (hasMultiLineTemplate(module.nodes, text, first.range[0], last.range[1])) return undefined;
  if (serving.params.includes('err')) return undefined;
  const response = fallbackResponse(serving, context, `${what} unavailable`);
  if (!response) return undefined;
  const eol = detectEol(text);
  const indent = indentationAt(text, first.range[0]);
  const unit = module.indentUnit;
  // `try {` opens on a line of its own; every line of the wrapped statements moves in one level.
  const edits: TextEdit[] = [{ start: lineStart, end: lineStart, text: `${indent}try {${eol}${unit}` }];
  for (let next = text.indexOf('\n', lineStart); next >= 0 && next + 1 < last.range[1]; next = text.indexOf('\n', next + 1)) {
    const offset = next + 1;
    const lineEnd = text.indexOf('\n', offset);
    if (text.slice(offset, lineEnd < 0 ? text.length : lineEnd).trim() !== '') edits.push({ start: offset, end: offset, text: unit });
  }
  const inner = indent + unit;
  const handler = [`${module.errorLogCall('err')};`, ...response].map((line) => `${inner}${line}`).join(eol);
  edits.push({ start: last.range[1], end: last.range[1], text: `${eol}${indent}} catch (err) {${eol}${handler}${eol}${indent}}` });
  return { description: 'Wrap in try/catch that logs the error and answers 503', edits, safe: false };
}

/** What happens today when the call fails (messages say what actually happens). */
function outcome(serving: FunctionInfo, context: TsRuleContext): string {
  const response = serving.params[1];
  const express = context.module.importedPackages.has('express') && response !== 'reply' && serving.serving?.kind !== 'next-route';
  if (express && serving.node.async) {
    return 'Express 4 leaves the rejection unhandled and the request hanging (Express 5 answers a generic 500)';
  }
  return 'the client gets a generic 500 instead of a 503 it can retry';
}

export const typescript: TsRuleImplementation = {
  visitors: {
    CallExpression(node, context) {
      const call = node as TSESTree.CallExpression;
      const serving = context.servingFunctionOf(call);
      if (!serving) return;
      const remote = remoteCall(call, context);
      if (!remote || isProtected(call, serving)) return;
      const failure = remote.what === 'model' ? 'the model fails or times out' : 'the service fails or times out';
      context.report(
        call.callee.range[0],
        call.range[1],
        `${remote.shown} has no error handling: when ${failure}, ${outcome(serving, context)}; catch it, log it and answer 503`,
        wrapFix(call, serving, context, remote.what === 'model' ? 'model' : 'upstream service'),
      );
    },
  },
};
