import type { Node } from '@vscode/tree-sitter-wasm';
import { addKeywordArgument, callParts, type CallParts } from '../../parsers/python/ast';
import { calleeOf, callSpan, qualifyCallee, receiverOf } from '../../parsers/python/edits';
import type { FunctionInfo } from '../../parsers/python/module';
import type { PythonRuleImplementation, PythonRuleContext } from '../../parsers/python/rule';

/**
 * unbounded-generation: in serving code, generation or tokenization with no bound on its length.
 * - `.generate(` without `max_new_tokens`/`max_length` (or a `generation_config`), on a receiver that
 *   is plausibly a Hugging Face model: resolved to `transformers`/`peft`/`optimum` or to a
 *   `*.from_pretrained()` result, or unresolved and named like a model (`model`, `self.model`,
 *   `self.llm`, `t5`). Receivers resolved to other libraries (vLLM, whose default is 16 tokens) are left alone.
 * - LLM API calls without `max_tokens`/`max_completion_tokens` (`max_output_tokens` for the Responses
 *   API): `.chat.completions.create(` on any receiver, `.completions.create(`/`.responses.create(` in
 *   modules using `openai`, `.messages.create(` in modules using `anthropic` (so Twilio's
 *   `client.messages.create` is not mistaken for Claude), `litellm.completion`.
 * - tokenizer calls on request data (an argument built from the handler's parameters or locals)
 *   without `truncation`/`max_length`, or with `truncation=False`, on a `transformers` tokenizer or
 *   an unresolved `tokenizer`.
 * Calls passing `**kwargs` are never flagged: the limit may be inside.
 */

const HF_ROOTS = /^(transformers|peft|optimum|auto_gptq|awq|unsloth)\./;
const MODEL_NAME = /(model|llm|_lm)$|^(lm|mdl|t5|gpt2?|bart|llama|mistral|qwen|gemma|phi)$/i;
const TOKENIZER_NAME = /tokenizer$|^tok$/i;
const TOKENIZER_METHODS = new Set(['encode', 'encode_plus', 'batch_encode_plus', '__call__']);
const CANDIDATE_NAMES = new Set(['generate', 'create', 'acreate', 'completion', 'acompletion', ...TOKENIZER_METHODS]);
/** LangChain chat models, from the partner packages and the legacy `langchain`/`langchain_community` paths. */
const LANGCHAIN_MODEL =
  /^(langchain_openai|langchain_anthropic|langchain|langchain_community)(\.\w+)*\.(ChatOpenAI|AzureChatOpenAI|ChatAnthropic)$/;
const LANGCHAIN_NAMES = new Set(['ChatOpenAI', 'AzureChatOpenAI', 'ChatAnthropic']);

interface Bound {
  /** The keywords any of which bounds the call. */
  keywords: string[];
  /** The keyword text the fix adds. */
  insert: string;
  message: string;
}

function lastSegment(text: string): string {
  return text.slice(text.lastIndexOf('.') + 1);
}

/** A `.generate(` receiver that is plausibly a Hugging Face model. */
function isHfModel(receiver: Node, context: PythonRuleContext): boolean {
  const text = context.text.slice(receiver.startIndex, receiver.endIndex);
  const qualified = qualifyCallee(context.module, receiver, context.scope);
  // An unbound plain name comes back as itself (the builtin rule): that is not a resolution.
  if (qualified && qualified !== text)
    return HF_ROOTS.test(qualified) || (/\.from_pretrained\(\)/.test(qualified) && !/^(diffusers|sentence_transformers)\./.test(qualified));
  // Unresolved (a parameter, an attribute bound elsewhere): named like a model.
  return MODEL_NAME.test(lastSegment(text));
}

function isTokenizer(expression: Node, context: PythonRuleContext): boolean {
  const text = context.text.slice(expression.startIndex, expression.endIndex);
  const qualified = qualifyCallee(context.module, expression, context.scope);
  if (qualified && qualified !== text) return /^transformers\.\w*(Tokenizer|Processor)\w*\.from_pretrained\(\)$/.test(qualified);
  return TOKENIZER_NAME.test(lastSegment(text));
}

/** Whether the text argument is built from the handler's own parameters or locals (request data). */
function isRequestData(argument: Node | undefined, context: PythonRuleContext): boolean {
  if (!argument) return false;
  const text = context.text.slice(argument.startIndex, argument.endIndex);
  if (argument.type === 'string' && !/^[a-zA-Z]*[fF]/.test(text)) return false;
  const names = new Set<string>();
  const serving = context.servingFunction;
  for (let fn: FunctionInfo | undefined = context.scope; fn; fn = fn.parent) {
    for (const parameter of fn.parameters) names.add(parameter);
    for (const local of fn.locals.keys()) names.add(local);
    if (fn === serving) break;
  }
  names.delete('self');
  names.delete('cls');
  for (const match of text.matchAll(/(?<![\w.])[A-Za-z_]\w*/g)) if (names.has(match[0])) return true;
  return false;
}

function tokensBound(shown: string, keywords = ['max_tokens', 'max_completion_tokens']): Bound {
  return {
    keywords,
    insert: 'max_tokens=256',
    message: `${shown} has no max_tokens: one request can generate until the model's context limit, holding the API (and paying for it) for minutes`,
  };
}

function llmBound(callee: string, calleeNode: Node | null, context: PythonRuleContext): Bound | undefined {
  const shown = `${callee}()`;
  if (/(^|\.)chat\.completions\.create$/.test(callee)) return tokensBound(shown);
  if (/^openai\.(ChatCompletion|Completion)\.a?create$/.test(context.module.qualify(calleeNode, context.scope) ?? ''))
    return tokensBound(shown);
  if (/(^|\.)completions\.create$/.test(callee) && context.module.imports('openai')) return tokensBound(shown);
  if (/(^|\.)messages\.create$/.test(callee) && context.module.imports('anthropic')) return tokensBound(shown, ['max_tokens']);
  if (/(^|\.)responses\.create$/.test(callee) && context.module.imports('openai')) {
    return {
      keywords: ['max_output_tokens'],
      insert: 'max_output_tokens=256',
      message: `${shown} has no max_output_tokens: one request can generate until the model's context limit, holding the API (and paying for it) for minutes`,
    };
  }
  return undefined;
}

function boundFor(call: Node, context: PythonRuleContext, parts: () => CallParts): Bound | undefined {
  const callee = calleeOf(call, context.text);
  const compact = callee.text.replace(/\s+/g, '');
  if (callee.name === 'generate') {
    const receiver = receiverOf(call, context.text);
    if (!receiver || /^(self|cls)$/.test(callee.receiver) || !isHfModel(receiver, context)) return undefined;
    // generate(inputs, generation_config, ...): a positional config may carry the limit.
    if (parts().positional.length > 1) return undefined;
    return {
      keywords: ['max_new_tokens', 'max_length', 'generation_config'],
      insert: 'max_new_tokens=256',
      message: `${compact}() has no max_new_tokens/max_length: one request can generate up to the model's full context, holding the GPU for seconds to minutes`,
    };
  }
  if (callee.name === 'create' || callee.name === 'acreate') return llmBound(compact, callee.node, context);
  if (callee.name === 'completion' || callee.name === 'acompletion') {
    return context.module.qualify(callee.node, context.scope) === `litellm.${callee.name}` ? tokensBound(`${compact}()`) : undefined;
  }
  return undefined;
}

function tokenizerBound(call: Node, context: PythonRuleContext, parts: () => CallParts): Bound | undefined {
  const callee = calleeOf(call, context.text);
  const compact = callee.text.replace(/\s+/g, '');
  let tokenizer: Node | null;
  if (TOKENIZER_METHODS.has(callee.name)) tokenizer = receiverOf(call, context.text);
  else if (TOKENIZER_NAME.test(callee.name)) tokenizer = callee.node;
  else return undefined;
  if (!tokenizer || !isTokenizer(tokenizer, context)) return undefined;
  const args = parts();
  if (!isRequestData(args.keywords.get('text') ?? args.positional[0], context)) return undefined;
  return {
    keywords: ['truncation', 'max_length'],
    insert: 'truncation=True, max_length=512',
    message: `${compact}() tokenizes request data without truncation=True: one long input can exhaust memory and stall the model for every request behind it`,
  };
}

/**
 * A LangChain chat model built without `max_tokens` (R2.3): every call through it is unbounded, so
 * the constructor is the finding wherever it runs in production code, module scope included (R2.6).
 * A `model_kwargs` the analyser cannot see into, or one that sets `max_tokens`, gets the benefit of the doubt.
 */
function checkLangChainModel(node: Node, context: PythonRuleContext): void {
  const callee = calleeOf(node, context.text);
  const model = LANGCHAIN_MODEL.exec(context.module.qualify(callee.node, context.scope) ?? '');
  if (!model) return;
  const args = callParts(node);
  if (args.hasKeywordSplat) return;
  if (['max_tokens', 'max_completion_tokens', 'max_tokens_to_sample'].some((keyword) => args.keywords.has(keyword))) return;
  const extra = args.keywords.get('model_kwargs');
  if (extra && (extra.type !== 'dictionary' || /["'](max_tokens|max_completion_tokens)["']/.test(extra.text))) return;
  const name = model[3];
  const what =
    name === 'ChatAnthropic'
      ? "every call gets the package's default (1,024 tokens in langchain-anthropic), not a cap chosen for this service's latency and cost"
      : "every call through it can generate until the model's output limit, holding the API (and paying for it) for minutes";
  const span = callSpan(node, context.text);
  const edit = addKeywordArgument(node, context.text, 'max_tokens=256');
  context.report(
    span.start,
    span.end,
    `${name}() has no max_tokens: ${what}`,
    edit ? { description: 'Add max_tokens=256', edits: [edit], safe: true } : undefined,
  );
}

export const python: PythonRuleImplementation = {
  visitors: {
    call(node, context) {
      const name = calleeOf(node, context.text);
      const aliased = name.node?.type === 'identifier' ? context.module.lookup(name.name, context.scope) : undefined;
      if (LANGCHAIN_NAMES.has(name.name) || (aliased && LANGCHAIN_NAMES.has(aliased.slice(aliased.lastIndexOf('.') + 1)))) {
        checkLangChainModel(node, context);
        return;
      }
      if (!context.servingFunction) return;
      const callee = calleeOf(node, context.text);
      if (!CANDIDATE_NAMES.has(callee.name) && !TOKENIZER_NAME.test(callee.name)) return;
      let cached: CallParts | undefined;
      const parts = () => (cached ??= callParts(node));
      const bound = boundFor(node, context, parts) ?? tokenizerBound(node, context, parts);
      if (!bound) return;
      const args = parts();
      if (args.hasKeywordSplat) return;
      const span = callSpan(node, context.text);
      // `truncation=False` (or None) switches truncation off whatever max_length says.
      const truncation = bound.keywords[0] === 'truncation' ? args.keywords.get('truncation') : undefined;
      if (truncation && (truncation.type === 'false' || truncation.type === 'none')) {
        const edits = [{ start: truncation.startIndex, end: truncation.endIndex, text: 'True' }];
        const maxLength = args.keywords.has('max_length') ? undefined : addKeywordArgument(node, context.text, 'max_length=512');
        if (maxLength) edits.push(maxLength);
        context.report(span.start, span.end, bound.message.replace('without truncation=True', 'with truncation switched off'), {
          description: 'Turn truncation on',
          edits,
          safe: true,
        });
        return;
      }
      if (bound.keywords.some((keyword) => args.keywords.has(keyword))) return;
      const edit = addKeywordArgument(node, context.text, bound.insert);
      context.report(
        span.start,
        span.end,
        bound.message,
        edit ? { description: `Add ${bound.insert}`, edits: [edit], safe: true } : undefined,
      );
    },
  },
};
