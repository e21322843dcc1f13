import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix } from '../../core/types';
import { assignedName, isModuleSpecifier, stringValue } from '../../parsers/typescript/module';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRuleImplementation, TsRuleContext } from '../../parsers/typescript/rule';
import { detectSecret, knownKeyFormat, maskSecret, type KeyFormat } from '../../knowledge/secrets';

/**
 * hardcoded-secret (ts/js): a literal assigned to or passed as a secret-named key (`apiKey`,
 * `OPENAI_API_KEY`, `dbPassword`, `authToken`) that is not a placeholder, and any literal in a
 * known key format whatever its name — also as one word of a longer literal (`"Bearer sk-…"`).
 * Detection is the one shared with the Python and manifest rules (`./detect`). A secret in source
 * ends up in git history, images and logs; the fix reads it from `process.env`. Messages mask it.
 */

type Span = { index: number; length: number };

/** A known key format as one word of a longer literal: `"Bearer hf_…"`, `"token=ghp_…"`. */
function embeddedKey(value: string): (Span & KeyFormat) | undefined {
  for (const word of value.matchAll(/[^\s:=,;'"]+/g)) {
    if (word[0].length === value.length) return undefined;
    const format = knownKeyFormat(word[0]);
    if (format) return { index: word.index ?? 0, length: word[0].length, ...format };
  }
  return undefined;
}

/**
 * Name-matched values that are syntax rather than credentials in JS code: paths and URLs
 * (`/oauth2/v2.0/token`), selectors and grammar markers (`[type=password]`, `?NoLineTerminator`).
 */
function isSyntaxLike(value: string): boolean {
  return /^(\.{0,2}\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(value) || /^[?#:.@[(]|[[\](){}]/.test(value);
}

function check(node: Node, context: TsRuleContext): void {
  if (context.module.isTestFile) return;
  const value = stringValue(node);
  if (value === undefined || value.length < 8 || isModuleSpecifier(node)) return;
  const parent = node.parent;
  if (parent?.type === 'Property' && parent.key === node) return;
  const name = assignedName(node);
  let span: Span = { index: 0, length: value.length };
  let match = detectSecret(value, name);
  if (match?.reason === 'name' && isSyntaxLike(value)) return;
  if (!match) {
    const embedded = embeddedKey(value);
    if (!embedded) return;
    span = embedded;
    match = { reason: 'format', what: embedded.what, envName: embedded.env };
  }
  const shown = value.slice(span.index, span.index + span.length);
  const where = name ? ` in ${name}` : '';
  context.report(
    node.range[0],
    node.range[1],
    `hardcoded secret${where} (${maskSecret(shown)}${match.reason === 'format' ? `, ${match.what}` : ''}): it ends up in git history, images and logs; read it from process.env.${match.envName}`,
    fixFor(node, context, value, match.envName, span),
  );
}

function fixFor(node: Node, context: TsRuleContext, value: string, env: string, span: Span): Fix | undefined {
  if (!env) return undefined;
  const description = `Read it from process.env.${env}`;
  const replace = (text: string): Fix => ({ description, edits: [{ start: node.range[0], end: node.range[1], text }], safe: true });
  const whole = span.index === 0 && span.length === value.length;
  if (node.parent?.type === 'JSXAttribute') return whole ? replace(`{process.env.${env}}`) : undefined;
  if (whole) return replace(`process.env.${env}`);
  const raw = context.text.slice(node.range[0] + 1, node.range[1] - 1);
  if (raw !== value || /[`\\]|\$\{/.test(value)) return undefined;
  const before = value.slice(0, span.index);
  const after = value.slice(span.index + span.length);
  return replace(`\`${before}\${process.env.${env}}${after}\``);
}

export const typescript: TsRuleImplementation = {
  visitors: {
    Literal: check,
    TemplateLiteral(node, context) {
      if ((node as TSESTree.TemplateLiteral).expressions.length === 0) check(node, context);
    },
  },
};
