import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix } from '../../core/types';
import { addObjectProperty } from '../../parsers/typescript/edits';
import { objectProperty, propertyName, unwrap, type TsModule } from '../../parsers/typescript/module';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRuleImplementation, TsRuleContext } from '../../parsers/typescript/rule';

/**
 * missing-timeout (ts/js): `fetch` without a `signal`, axios calls and `axios.create` without a
 * `timeout`, `http(s).request/get` without a `timeout` option, and OpenAI/Anthropic clients built
 * without `timeout` (their default is ten minutes). An options object the analyser cannot see
 * into — a variable, a spread — is given the benefit of the doubt.
 */

const FETCH = new Set([
  'fetch',
  'globalThis.fetch',
  'window.fetch',
  'node-fetch',
  'cross-fetch',
  'isomorphic-fetch',
  'undici.fetch',
  'node-fetch.fetch',
  'cross-fetch.fetch',
]);
const AXIOS_CONFIG_INDEX: Record<string, number> = {
  axios: -1,
  'axios.request': 0,
  'axios.get': 1,
  'axios.delete': 1,
  'axios.head': 1,
  'axios.options': 1,
  'axios.post': 2,
  'axios.put': 2,
  'axios.patch': 2,
  'axios.postForm': 2,
  'axios.putForm': 2,
  'axios.patchForm': 2,
  'axios.create': 0,
};
const HTTP = new Set(['http.request', 'https.request', 'http.get', 'https.get']);
const LLM_CLIENTS = new Set([
  'openai',
  'openai.OpenAI',
  'openai.AzureOpenAI',
  '@anthropic-ai/sdk',
  '@anthropic-ai/sdk.Anthropic',
  '@anthropic-ai/bedrock-sdk.AnthropicBedrock',
  '@anthropic-ai/vertex-sdk.AnthropicVertex',
]);

/** LangChain chat models: the timeout is `timeout` (ChatOpenAI) or inside `clientOptions` (ChatAnthropic). */
const LANGCHAIN_MODELS =
  /^(@langchain\/openai|@langchain\/anthropic|langchain\/chat_models\/(openai|anthropic))\.(ChatOpenAI|AzureChatOpenAI|ChatAnthropic)$/;

/** The timeout fixes write for HTTP and model-server clients, in milliseconds. */
export function timeoutMs(context: TsRuleContext): number {
  return Math.round(context.options.defaultTimeoutSeconds * 1000);
}

/** The timeout fixes write for LLM clients and calls (`llmTimeoutSeconds`), in milliseconds. */
export function llmTimeoutMs(context: TsRuleContext): number {
  return Math.round(context.options.llmTimeoutSeconds * 1000);
}

type Options = { kind: 'missing' } | { kind: 'object'; object: TSESTree.ObjectExpression } | { kind: 'opaque' };

function optionsAt(args: readonly Node[], index: number): Options {
  const argument = args[index];
  if (!argument) return { kind: 'missing' };
  const value = unwrap(argument);
  if (value.type === 'ObjectExpression') return { kind: 'object', object: value };
  if (value.type === 'Identifier' && value.name === 'undefined') return { kind: 'missing' };
  return { kind: 'opaque' };
}

/** An object literal whose keys are all visible and that lacks every one of `keys`. */
function lacks(object: TSESTree.ObjectExpression, keys: readonly string[]): boolean {
  if (object.properties.some((property) => property.type === 'SpreadElement')) return false;
  return keys.every((key) => !objectProperty(object, key));
}

/** Inserts a property into the options object, or a new options argument at `index`. */
function optionsFix(
  context: TsRuleContext,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  index: number,
  property: string,
  description: string,
): Fix | undefined {
  const args = call.arguments;
  const existing = optionsAt(args, index);
  if (existing.kind === 'object') return { description, edits: [addObjectProperty(context.text, existing.object, property)], safe: true };
  if (existing.kind === 'opaque') return undefined;
  if (args[index])
    return { description, edits: [{ start: args[index].range[0], end: args[index].range[1], text: `{ ${property} }` }], safe: true };
  if (args.length === 0) {
    const open = context.text.indexOf('(', call.callee.range[1]);
    if (open < 0 || open >= call.range[1] || context.text.slice(call.callee.range[1], open).trim() !== '') {
      // `new OpenAI` without parentheses.
      return index === 0
        ? { description, edits: [{ start: call.callee.range[1], end: call.callee.range[1], text: `({ ${property} })` }], safe: true }
        : undefined;
    }
    const padding = Array.from({ length: index }, () => 'undefined, ').join('');
    return { description, edits: [{ start: open + 1, end: open + 1, text: `${padding}{ ${property} }` }], safe: true };
  }
  const last = args[args.length - 1];
  const padding = Array.from({ length: Math.max(0, index - args.length) }, () => ', undefined').join('');
  return { description, edits: [{ start: last.range[1], end: last.range[1], text: `${padding}, { ${property} }` }], safe: true };
}

/** From the start of the callee to the end of the call, as every call finding is placed. */
function report(context: TsRuleContext, callee: Node, message: string, fix: Fix | undefined): void {
  context.report(callee.range[0], callee.parent!.range[1], message, fix);
}

function calleeText(context: TsRuleContext, callee: Node): string {
  return context.text.slice(callee.range[0], callee.range[1]);
}

function checkFetch(call: TSESTree.CallExpression, context: TsRuleContext): void {
  const args = call.arguments;
  if (!args.length || args[0].type === 'SpreadElement') return;
  if (args.length === 1 && context.module.qualify(args[0]) === 'Request()') return;
  const init = optionsAt(args, 1);
  if (init.kind === 'opaque' || (init.kind === 'object' && !lacks(init.object, ['signal']))) return;
  const ms = timeoutMs(context);
  report(
    context,
    call.callee,
    `${calleeText(context, call.callee)}() has no timeout: without an AbortSignal a stalled upstream holds this request open forever`,
    optionsFix(context, call, 1, `signal: AbortSignal.timeout(${ms})`, `Add signal: AbortSignal.timeout(${ms})`),
  );
}

function checkAxios(call: TSESTree.CallExpression, qualified: string, context: TsRuleContext): void {
  const { module } = context;
  if (module.defaultTimeouts.has('axios')) return;
  if (qualified === 'axios.create' && module.defaultTimeouts.has('axios.create()')) return;
  let index = AXIOS_CONFIG_INDEX[qualified];
  const args = call.arguments;
  if (args.some((argument) => argument.type === 'SpreadElement')) return;
  if (index === -1) {
    // axios(config) or axios(url, config)
    if (!args.length) return;
    index = unwrap(args[0]).type === 'ObjectExpression' ? 0 : isUrlLike(args[0], module) ? 1 : -1;
    if (index < 0) return;
  }
  const config = optionsAt(args, index);
  if (config.kind === 'opaque' || (config.kind === 'object' && !lacks(config.object, ['timeout', 'signal']))) return;
  const ms = timeoutMs(context);
  const what =
    qualified === 'axios.create'
      ? 'axios.create() builds a client with no timeout: every call through it'
      : `${calleeText(context, call.callee)}() has no timeout: it`;
  report(
    context,
    call.callee,
    `${what} waits forever when the upstream stalls`,
    optionsFix(context, call, index, `timeout: ${ms}`, `Add timeout: ${ms}`),
  );
}

function isUrlLike(argument: Node, module: TsModule): boolean {
  const value = unwrap(argument);
  if (value.type === 'Literal' || value.type === 'TemplateLiteral' || value.type === 'BinaryExpression') return true;
  if (module.qualify(value) === 'URL()') return true;
  if (value.type === 'Identifier' || value.type === 'MemberExpression') {
    const name = value.type === 'Identifier' ? value.name : propertyName(value);
    return /(url|uri|endpoint|href|host)$/i.test(name ?? '');
  }
  return false;
}

function checkHttp(call: TSESTree.CallExpression, context: TsRuleContext): void {
  const args = call.arguments;
  if (!args.length || args.some((argument) => argument.type === 'SpreadElement')) return;
  let index: number;
  if (unwrap(args[0]).type === 'ObjectExpression') index = 0;
  else if (isUrlLike(args[0], context.module)) index = 1;
  else return;
  const options = optionsAt(args, index);
  if (options.kind === 'opaque' && !isFunctionNode(args[index])) return;
  if (options.kind === 'object' && !lacks(options.object, ['timeout', 'signal'])) return;
  if (setsTimeoutLater(call, context)) return;
  const ms = timeoutMs(context);
  let fix: Fix | undefined;
  if (options.kind === 'object')
    fix = { description: `Add timeout: ${ms}`, edits: [addObjectProperty(context.text, options.object, `timeout: ${ms}`)], safe: true };
  else if (options.kind === 'missing' || isFunctionNode(args[index])) {
    fix = {
      description: `Add timeout: ${ms}`,
      edits: [{ start: args[0].range[1], end: args[0].range[1], text: `, { timeout: ${ms} }` }],
      safe: true,
    };
  }
  report(
    context,
    call.callee,
    `${calleeText(context, call.callee)}() has no timeout option: a stalled upstream keeps the socket and this request open`,
    fix,
  );
}

function isFunctionNode(node: Node | undefined): boolean {
  return !!node && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression');
}

/** `http.get(...).setTimeout(...)` or `const req = http.request(...); req.setTimeout(...)`. */
function setsTimeoutLater(call: TSESTree.CallExpression, context: TsRuleContext): boolean {
  const parent = call.parent;
  if (parent?.type === 'MemberExpression' && parent.object === call && !parent.computed && parent.property.type === 'Identifier') {
    if (parent.property.name === 'setTimeout') return true;
  }
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
    const name = parent.id.name.replace(/[$]/g, '\\$');
    return new RegExp(`\\b${name}\\s*\\.\\s*(setTimeout|on\\(\\s*['"]timeout)`).test(context.text);
  }
  return false;
}

function checkClient(call: TSESTree.NewExpression, context: TsRuleContext): void {
  const args = call.arguments;
  if (args.some((argument) => argument.type === 'SpreadElement')) return;
  const options = optionsAt(args, 0);
  if (options.kind === 'opaque' || (options.kind === 'object' && !lacks(options.object, ['timeout']))) return;
  const ms = llmTimeoutMs(context);
  report(
    context,
    call.callee,
    `new ${calleeText(context, call.callee)}() has no timeout: the SDK default is 10 minutes per attempt, with retries on top`,
    optionsFix(context, call, 0, `timeout: ${ms}`, `Add timeout: ${ms}`),
  );
}

/**
 * `new ChatOpenAI({...})` without `timeout` (or `configuration.timeout`), `new ChatAnthropic({...})`
 * without `clientOptions.timeout`: LangChain hands the SDK no timeout, so its 10-minute default applies.
 */
function checkLangChainModel(call: TSESTree.NewExpression, name: string, context: TsRuleContext): void {
  const args = call.arguments;
  if (args.some((argument) => argument.type === 'SpreadElement')) return;
  const options = optionsAt(args, 0);
  if (options.kind === 'opaque') return;
  const anthropic = name === 'ChatAnthropic';
  const nested = anthropic ? 'clientOptions' : 'configuration';
  let inner: TSESTree.ObjectExpression | undefined;
  if (options.kind === 'object') {
    if (!lacks(options.object, ['timeout', 'createClient'])) return;
    const client = objectProperty(options.object, nested);
    if (client) {
      const value = unwrap(client.value as Node);
      if (value.type !== 'ObjectExpression' || !lacks(value, ['timeout'])) return;
      inner = value;
    }
  }
  const ms = llmTimeoutMs(context);
  let fix: Fix | undefined;
  if (inner) {
    fix = { description: `Add timeout: ${ms} to ${nested}`, edits: [addObjectProperty(context.text, inner, `timeout: ${ms}`)], safe: true };
  } else if (anthropic) {
    fix = optionsFix(context, call, 0, `clientOptions: { timeout: ${ms} }`, `Add clientOptions: { timeout: ${ms} }`);
  } else {
    fix = optionsFix(context, call, 0, `timeout: ${ms}`, `Add timeout: ${ms}`);
  }
  const sdk = anthropic ? 'Anthropic' : 'OpenAI';
  report(
    context,
    call.callee,
    `new ${calleeText(context, call.callee)}() has no timeout: every call falls back to the ${sdk} SDK's default of 10 minutes per attempt, with retries on top`,
    fix,
  );
}

const AXIOS_METHODS = /^axios(\.create\(\))?(\.(request|get|delete|head|options|post|put|patch|postForm|putForm|patchForm))?$/;

/** Whether a call goes over the network through the clients this rule knows (missing-fallback reuses it). */
export function isRemoteCall(call: TSESTree.CallExpression, module: TsModule): string | undefined {
  const qualified = module.qualify(call.callee);
  if (!qualified) return undefined;
  if (FETCH.has(qualified) || HTTP.has(qualified) || AXIOS_METHODS.test(qualified)) return qualified;
  return undefined;
}

export const typescript: TsRuleImplementation = {
  visitors: {
    CallExpression(node, context) {
      const call = node as TSESTree.CallExpression;
      const qualified = context.module.qualify(call.callee);
      if (!qualified) return;
      if (FETCH.has(qualified)) checkFetch(call, context);
      else if (Object.hasOwn(AXIOS_CONFIG_INDEX, qualified)) checkAxios(call, qualified, context);
      else if (HTTP.has(qualified)) checkHttp(call, context);
    },
    NewExpression(node, context) {
      const call = node as TSESTree.NewExpression;
      const qualified = context.module.qualify(call.callee);
      if (!qualified) return;
      if (LLM_CLIENTS.has(qualified)) checkClient(call, context);
      else {
        const model = LANGCHAIN_MODELS.exec(qualified);
        if (model) checkLangChainModel(call, model[3], context);
      }
    },
  },
};
