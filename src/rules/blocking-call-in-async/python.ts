import type { Node } from '@vscode/tree-sitter-wasm';
import type { Fix, TextEdit } from '../../core/types';
import {
  callableModel,
  isBlockingHttpCall,
  isLegacyOpenAiCall,
  isSyncLlmCall,
  isSyncRuntimeInference,
  LANGCHAIN_PACKAGE,
  MODEL_METHODS,
} from '../../knowledge/remoteCalls';
import { ensureImport } from '../../parsers/python/ast';
import { calleeOf, callSpan, qualifyCallee } from '../../parsers/python/edits';
import type { FunctionInfo, PythonModule } from '../../parsers/python/module';
import type { PythonRuleContext, PythonRuleImplementation } from '../../parsers/python/rule';

/**
 * blocking-call-in-async: inside an `async def` serving function of an event-loop framework
 * (FastAPI/Starlette routes, aiohttp handlers, Ray Serve deployments, BentoML APIs), a synchronous
 * call that holds the event loop while it waits: a sync HTTP client, `time.sleep`, a sync LLM client,
 * LangChain `.invoke(`, or model inference (`.predict(`, `.generate(`, ONNX `run`, sync Triton
 * `infer`, calling a pipeline or a torch module). Awaited calls, calls handed to a thread
 * (`asyncio.to_thread(f, x)`: `f` is not called here), calls inside a lambda or a nested function
 * (run elsewhere) and calls handed to `asyncio.create_task`/`gather` (coroutines) are not blocking.
 */

type Framework = 'fastapi' | 'starlette' | 'aiohttp' | 'ray-serve' | 'bentoml';

const CANDIDATE_NAMES = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head',
  'options',
  'request',
  'stream',
  'urlopen',
  'urlretrieve',
  'getresponse',
  'sleep',
  'create',
  'parse',
  'retrieve',
  'list',
  'invoke',
  'run',
  'infer',
  ...MODEL_METHODS,
]);
const OWN_RECEIVERS = /^(self|cls|super\(\s*\))$/;
/** asyncio functions whose arguments are coroutines (the call creates one; it does not block). */
const COROUTINE_TAKERS = /^asyncio\.(create_task|ensure_future|gather|wait_for|shield|wait|as_completed|run_coroutine_threadsafe)$/;
const frameworks = new WeakMap<FunctionInfo, Framework | null>();

/** The event-loop framework an async serving function runs in, if it is one this rule covers. */
function frameworkOf(fn: FunctionInfo, module: PythonModule): Framework | undefined {
  let cached = frameworks.get(fn);
  if (cached === undefined) frameworks.set(fn, (cached = detectFramework(fn, module) ?? null));
  return cached ?? undefined;
}

function detectFramework(fn: FunctionInfo, module: PythonModule): Framework | undefined {
  if (!fn.isAsync) return undefined;
  if (fn.serving === 'ray-serve') return 'ray-serve';
  if (fn.serving === 'aiohttp') return 'aiohttp';
  if (fn.serving !== 'route') return undefined;
  for (const decorator of fn.decorators) {
    if (/^bentoml\.(api|task)$|^bentoml\.Service\(\)\.api$/.test(decorator)) return 'bentoml';
    if (/^fastapi\./.test(decorator)) return 'fastapi';
    if (/^starlette\./.test(decorator)) return 'starlette';
    if (/^aiohttp\.web\./.test(decorator)) return 'aiohttp';
    if (/^(flask|quart|sanic|litestar)\./.test(decorator)) return undefined;
  }
  // A route on an app the analyser cannot trace (`@router.get("/x")` with the router imported).
  if (module.imports('fastapi')) return 'fastapi';
  if (module.imports('starlette')) return 'starlette';
  return undefined;
}

interface Blocking {
  /** How the message names the call. */
  shown: string;
  /** What it waits for. */
  what: string;
}

function blockingCall(call: Node, context: PythonRuleContext): Blocking | undefined {
  const callee = calleeOf(call, context.text);
  const shown = `${callee.text.replace(/\s+/g, '')}()`;
  const module = context.module;
  if (callee.node?.type === 'identifier' || (callee.node?.type === 'attribute' && callee.receiver === 'self')) {
    // Calling a model object: `pipe(text)`, `self.model(inputs)`.
    const qualified = qualifyCallee(module, callee.node, context.scope);
    const model = qualified ? callableModel(qualified) : undefined;
    if (model) return { shown, what: model === 'pipeline' ? 'the pipeline runs inference' : 'the model runs inference' };
    if (callee.receiver === 'self' || !CANDIDATE_NAMES.has(callee.name)) return undefined;
  }
  if (!CANDIDATE_NAMES.has(callee.name) || OWN_RECEIVERS.test(callee.receiver)) return undefined;
  const qualified = qualifyCallee(module, callee.node, context.scope);
  if (qualified) {
    if (qualified === 'time.sleep') return { shown: 'time.sleep()', what: 'it sleeps' };
    if (isBlockingHttpCall(qualified)) return { shown, what: 'the HTTP request waits for its response' };
    if (isSyncLlmCall(qualified) || isLegacyOpenAiCall(qualified)) return { shown, what: 'the synchronous LLM client waits for the API' };
    if (isSyncRuntimeInference(qualified)) return { shown, what: 'inference runs' };
    if (callee.name === 'invoke' && LANGCHAIN_PACKAGE.test(qualified)) return { shown, what: 'the LangChain call waits for the model' };
  }
  if (
    callee.name === 'invoke' &&
    qualified === undefined &&
    callee.receiver &&
    [...LANGCHAIN_IMPORTS].some((name) => module.imports(name))
  ) {
    return { shown, what: 'the LangChain call waits for the model' };
  }
  if (MODEL_METHODS.has(callee.name) && callee.receiver) {
    // An async engine's `generate` (vLLM's AsyncLLMEngine) returns an async generator.
    const receiver = qualified?.slice(0, qualified.lastIndexOf('.'));
    if (receiver && /async/i.test(receiver)) return undefined;
    if (receiver && /^(openai|anthropic|httpx|aiohttp)\./.test(receiver)) return undefined;
    return { shown, what: 'the model runs inference' };
  }
  return undefined;
}

const LANGCHAIN_IMPORTS = new Set(['langchain', 'langchain_core', 'langchain_openai', 'langchain_anthropic', 'langchain_community']);

/**
 * Whether the call runs right here on the event loop: not awaited, not the iterable of an
 * `async for`, not inside a lambda, not a coroutine handed to asyncio, not a value later iterated
 * with `async for`.
 */
function runsOnTheLoop(call: Node, fn: FunctionInfo, context: PythonRuleContext): boolean {
  const parent = call.parent;
  if (!parent) return false;
  if (parent.type === 'await') return false;
  if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && /^async\b/.test(parent.text)) return false;
  for (let current: Node | null = parent; current && current.startIndex >= fn.start; current = current.parent) {
    if (current.type === 'lambda') return false;
    if (current.type === 'function_definition') break;
    if (current.type === 'argument_list') {
      const outer = current.parent;
      if (outer?.type === 'call') {
        const qualified = context.module.qualify(outer.childForFieldName('function'), context.scope);
        if (qualified && COROUTINE_TAKERS.test(qualified)) return false;
      }
    }
  }
  // `stream = engine.generate(...)` followed by `async for out in stream:`.
  if (parent.type === 'assignment' && parent.childForFieldName('right')?.startIndex === call.startIndex) {
    const target = parent.childForFieldName('left');
    if (target?.type === 'identifier' && iteratedAsynchronously(fn, target.text)) return false;
  }
  return true;
}

function iteratedAsynchronously(fn: FunctionInfo, name: string): boolean {
  const pattern = new RegExp(`\\basync\\s+for\\s+[^\\n]*?\\bin\\s+${name}\\b`);
  return pattern.test(fn.node.text);
}

/** Whether the function's own body awaits (`await`, `async for`, `async with`), nested functions aside. */
function awaitsAnything(fn: FunctionInfo): boolean {
  const body = fn.node.childForFieldName('body');
  if (!body) return true;
  const stack: Node[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'function_definition' || child.type === 'lambda' || child.type === 'class_definition') continue;
      if (child.type === 'await') return true;
      if (
        (child.type === 'for_statement' || child.type === 'with_statement' || child.type === 'for_in_clause') &&
        /^async\b/.test(child.text)
      ) {
        return true;
      }
      stack.push(child);
    }
  }
  return false;
}

/** Drop `async` from a FastAPI/Starlette route that awaits nothing: the framework runs it in its thread pool. */
function dropAsyncFix(fn: FunctionInfo, context: PythonRuleContext): Fix | undefined {
  const framework = frameworkOf(fn, context.module);
  if (framework !== 'fastapi' && framework !== 'starlette') return undefined;
  // Another decorator may wrap the handler with `await func(...)`: only plain route handlers.
  if (fn.decorators.length !== 1 || awaitsAnything(fn)) return undefined;
  const match = /^async[ \t]+/.exec(context.text.slice(fn.start, fn.start + 16));
  if (!match) return undefined;
  return {
    description: `Make ${fn.name}() a sync def (${framework === 'fastapi' ? 'FastAPI' : 'Starlette'} runs it in a thread pool)`,
    edits: [{ start: fn.start, end: fn.start + match[0].length, text: '' }],
    safe: false,
  };
}

/** `await asyncio.to_thread(<callee>, <args>)`, adding `import asyncio`. */
function toThreadFix(call: Node, context: PythonRuleContext): Fix | undefined {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  if (!callee || args?.type !== 'argument_list') return undefined;
  const bound = context.module.lookup('asyncio', context.scope);
  if (bound !== 'asyncio') return undefined;
  const text = context.text;
  const inner = text.slice(args.startIndex + 1, args.endIndex - 1);
  const calleeText = text.slice(callee.startIndex, callee.endIndex);
  let replacement = `await asyncio.to_thread(${calleeText}${inner.trim() ? `, ${inner.replace(/^\s+/, '')}` : ')'}`;
  if (inner.trim()) replacement += ')';
  const parent = call.parent;
  const needsParentheses =
    parent?.type === 'attribute' ||
    parent?.type === 'subscript' ||
    (parent?.type === 'call' && parent.childForFieldName('function')?.startIndex === call.startIndex);
  if (needsParentheses) replacement = `(${replacement})`;
  const importEdits = ensureImport(context.module, 'asyncio', context.scope, call.startIndex);
  if (!importEdits) return undefined;
  const edits: TextEdit[] = [{ start: call.startIndex, end: call.endIndex, text: replacement }, ...importEdits];
  return { description: `Run ${calleeText}() in a worker thread with asyncio.to_thread`, edits, safe: false };
}

export const python: PythonRuleImplementation = {
  visitors: {
    call(node, context) {
      const fn = context.servingFunction;
      if (!fn || fn !== context.scope || !fn.isAsync) return;
      if (!frameworkOf(fn, context.module)) return;
      const blocking = blockingCall(node, context);
      if (!blocking || !runsOnTheLoop(node, fn, context)) return;
      const span = callSpan(node, context.text);
      context.report(
        span.start,
        span.end,
        `${blocking.shown} blocks the event loop in async ${fn.name}(): while ${blocking.what}, every other request on this worker waits; await an async client, or run it in a thread (asyncio.to_thread)`,
        dropAsyncFix(fn, context) ?? toThreadFix(node, context),
      );
    },
  },
};
