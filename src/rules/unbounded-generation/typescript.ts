import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { addObjectProperty } from '../../parsers/typescript/edits';
import { objectProperty, propertyName, stringValue, unwrap } from '../../parsers/typescript/module';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRuleImplementation, TsRuleContext } from '../../parsers/typescript/rule';

/**
 * unbounded-generation (ts/js): in serving code, an LLM call with no output cap — OpenAI
 * `.chat.completions.create` / `.completions.create` without `max_tokens`/`max_completion_tokens`,
 * `.responses.create` without `max_output_tokens`, Anthropic-shaped `.messages.create` without
 * `max_tokens`, the AI SDK's `generateText`/`streamText` without `maxTokens`/`maxOutputTokens`,
 * transformers.js `.generate` and text-generation pipelines without `max_new_tokens`/`max_length`,
 * transformers.js tokenizers on request data without `truncation: true`. One request can then run
 * for minutes and cost dollars. Arguments the analyser cannot see into (a variable, a spread) pass.
 */

interface Shape {
  limits: string[];
  fix?: string;
}

const AI_SDK = /^ai\.(generateText|streamText|generateObject|streamObject)$/;
const TRANSFORMERS = /^(@xenova\/transformers|@huggingface\/transformers)\./;

function shapeOf(call: TSESTree.CallExpression, qualified: string | undefined, text: string): Shape | undefined {
  if (qualified && AI_SDK.test(qualified)) return { limits: ['maxTokens', 'maxOutputTokens'] };
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  const chain = text.slice(callee.range[0], callee.range[1]).replace(/\s+|\?/g, '');
  if (
    (method === 'create' || method === 'stream' || method === 'parse') &&
    /(^|\.)(chat\.)?completions\.(create|stream|parse)$/.test(chain)
  ) {
    return { limits: ['max_tokens', 'max_completion_tokens'], fix: 'max_tokens: 256' };
  }
  if (method === 'create' && /(^|\.)responses\.create$/.test(chain))
    return { limits: ['max_output_tokens'], fix: 'max_output_tokens: 256' };
  if ((method === 'create' || method === 'stream') && /(^|\.)messages\.(create|stream)$/.test(chain)) {
    const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
    // Twilio and mail clients also have `messages.create`: require the LLM request shape.
    if (first?.type !== 'ObjectExpression' || !objectProperty(first, 'messages') || !objectProperty(first, 'model')) return undefined;
    return { limits: ['max_tokens'], fix: 'max_tokens: 256' };
  }
  if (method === 'generate' && qualified && TRANSFORMERS.test(qualified))
    return { limits: ['max_new_tokens', 'max_length'], fix: 'max_new_tokens: 256' };
  return undefined;
}

const GENERATION_TASKS =
  /^(text-generation|text2text-generation|summarization|translation(_\w+)?|image-to-text|automatic-speech-recognition)$/;

/**
 * transformers.js: a text-generation pipeline called without `max_new_tokens`/`max_length`, and a
 * tokenizer called on request data without `truncation: true`.
 */
function checkTransformersCall(call: TSESTree.CallExpression, context: TsRuleContext): void {
  const callee = unwrap(call.callee);
  if (callee.type !== 'Identifier' && callee.type !== 'MemberExpression') return;
  const qualified = context.module.qualify(callee);
  if (!qualified || !TRANSFORMERS.test(qualified)) return;
  const input = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (!input || input.type === 'SpreadElement' || call.arguments.some((argument) => argument.type === 'SpreadElement')) return;
  let limits: string[];
  let property: string;
  let what: string;
  if (/\.pipeline\(\)$/.test(qualified)) {
    const task = callee.type === 'Identifier' ? pipelineTask(callee.name, callee, context) : undefined;
    if (!task || !GENERATION_TASKS.test(task)) return;
    limits = ['max_new_tokens', 'max_length'];
    property = 'max_new_tokens: 256';
    what = `a ${task} pipeline call has no max_new_tokens: one request can generate until the model's context limit, holding the worker for minutes`;
  } else if (/\.from_pretrained\(\)$/.test(qualified) && /Tokenizer\.from_pretrained\(\)$/.test(qualified)) {
    if (input.type === 'Literal' || input.type === 'TemplateLiteral') return;
    limits = ['truncation'];
    property = 'truncation: true, max_length: 512';
    what = 'tokenizer call on request data without truncation: true: an oversized input is tokenized in full and overflows the model';
  } else return;
  const options = call.arguments[1] ? unwrap(call.arguments[1]) : undefined;
  if (options && options.type !== 'ObjectExpression') return;
  if (options?.type === 'ObjectExpression') {
    if (options.properties.some((p) => p.type === 'SpreadElement') || limits.some((limit) => objectProperty(options, limit))) return;
  }
  const fix =
    options?.type === 'ObjectExpression'
      ? { description: `Add ${property}`, edits: [addObjectProperty(context.text, options, property)], safe: true }
      : {
          description: `Add ${property}`,
          edits: [{ start: call.arguments[0].range[1], end: call.arguments[0].range[1], text: `, { ${property} }` }],
          safe: true,
        };
  context.report(call.callee.range[0], call.range[1], what, fix);
}

/** The task a pipeline instance was built for: `const generator = await pipeline('text-generation', …)`. */
function pipelineTask(name: string, at: Node, context: TsRuleContext): string | undefined {
  const init = context.module.initOf(name, at);
  if (!init) return undefined;
  const call = unwrap(init.type === 'AwaitExpression' ? init.argument : init);
  return call.type === 'CallExpression' ? stringValue(call.arguments[0]) : undefined;
}

const LANGCHAIN_MODELS =
  /^(@langchain\/openai|@langchain\/anthropic|langchain\/chat_models\/(openai|anthropic))\.(ChatOpenAI|AzureChatOpenAI|ChatAnthropic)$/;

/**
 * `new ChatOpenAI({...})` / `new ChatAnthropic({...})` without `maxTokens` (R2.3): every call through
 * the model is unbounded, so the constructor is the finding wherever it runs (R2.6). Options the
 * analyser cannot see into (a variable, a spread, `modelKwargs`/`invocationKwargs` that may set it) pass.
 */
function checkLangChainModel(call: TSESTree.NewExpression, context: TsRuleContext): void {
  const model = LANGCHAIN_MODELS.exec(context.module.qualify(call.callee) ?? '');
  if (!model) return;
  if (call.arguments.some((argument) => argument.type === 'SpreadElement')) return;
  const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  if (first && first.type !== 'ObjectExpression') return;
  if (first?.type === 'ObjectExpression') {
    if (first.properties.some((property) => property.type === 'SpreadElement')) return;
    if (['maxTokens', 'maxCompletionTokens', 'max_tokens', 'modelKwargs', 'invocationKwargs'].some((key) => objectProperty(first, key)))
      return;
  }
  const name = model[3];
  const what =
    name === 'ChatAnthropic'
      ? "every call gets the package's default (2,048 tokens in @langchain/anthropic), not a cap chosen for this service's latency and cost"
      : "every call through it can generate until the model's output limit, holding the worker for minutes and multiplying cost";
  const property = 'maxTokens: 256';
  let edits;
  if (first?.type === 'ObjectExpression') edits = [addObjectProperty(context.text, first, property)];
  else {
    const open = context.text.indexOf('(', call.callee.range[1]);
    const bare = open < 0 || open >= call.range[1] || context.text.slice(call.callee.range[1], open).trim() !== '';
    edits = bare
      ? [{ start: call.callee.range[1], end: call.callee.range[1], text: `({ ${property} })` }]
      : [{ start: open + 1, end: open + 1, text: `{ ${property} }` }];
  }
  const shown = context.text.slice(call.callee.range[0], call.callee.range[1]);
  context.report(call.callee.range[0], call.range[1], `new ${shown}() has no maxTokens: ${what}`, {
    description: `Add ${property}`,
    edits,
    safe: true,
  });
}

export const typescript: TsRuleImplementation = {
  visitors: {
    NewExpression(node, context) {
      checkLangChainModel(node as TSESTree.NewExpression, context);
    },
    CallExpression(node, context) {
      const call = node as TSESTree.CallExpression;
      if (!context.servingFunctionOf(call)) return;
      const qualified = context.module.qualify(call.callee);
      const shape = shapeOf(call, qualified, context.text);
      if (!shape) {
        checkTransformersCall(call, context);
        return;
      }
      const first = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
      if (first?.type !== 'ObjectExpression') return;
      if (first.properties.some((property) => property.type === 'SpreadElement')) return;
      if (shape.limits.some((limit) => objectProperty(first, limit))) return;
      const shown = context.text.slice(call.callee.range[0], call.callee.range[1]).replace(/\s+/g, '');
      context.report(
        call.callee.range[0],
        call.range[1],
        `${shown}() has no ${shape.limits.join('/')}: one request can generate until the model's context limit, holding the worker for minutes and multiplying cost`,
        shape.fix ? { description: `Add ${shape.fix}`, edits: [addObjectProperty(context.text, first, shape.fix)], safe: true } : undefined,
      );
    },
  },
};
