import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { addObjectProperty } from '../../parsers/typescript/edits';
import { objectProperty, propertyName, unwrap } from '../../parsers/typescript/module';
import type { TsRule } from '../../parsers/typescript/rule';

/**
 * unbounded-generation (ts/js): in serving code, an LLM call with no output cap — OpenAI
 * `.chat.completions.create` / `.completions.create` without `max_tokens`/`max_completion_tokens`,
 * `.responses.create` without `max_output_tokens`, Anthropic-shaped `.messages.create` without
 * `max_tokens`, the AI SDK's `generateText`/`streamText` without `maxTokens`/`maxOutputTokens`,
 * transformers.js `.generate` without `max_new_tokens`/`max_length`. One request can then run
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

export const typescript: TsRule = {
  id: 'unbounded-generation',
  visitors: {
    CallExpression(node, context) {
      const call = node as TSESTree.CallExpression;
      if (!context.servingFunctionOf(call)) return;
      const qualified = context.module.qualify(call.callee);
      const shape = shapeOf(call, qualified, context.text);
      if (!shape) return;
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
