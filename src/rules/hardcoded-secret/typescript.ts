import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix } from '../../core/types';
import { assignedName, isModuleSpecifier, stringValue } from '../../parsers/typescript/module';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRule, TsRuleContext } from '../../parsers/typescript/rule';
import { envNameFor, isSecretName, isSecretValue, knownKeyFormat, maskSecret } from '../../parsers/typescript/secrets';

/**
 * hardcoded-secret (ts/js): a literal assigned to or passed as a secret-named key (`apiKey`,
 * `OPENAI_API_KEY`, `dbPassword`, `authToken`) that is not a placeholder, and any literal in a
 * known key format whatever its name. A secret in source ends up in git history, images and logs;
 * the fix reads it from `process.env`. The message shows the value masked.
 */
function check(node: Node, context: TsRuleContext): void {
  if (context.module.isTestFile) return;
  const value = stringValue(node);
  if (value === undefined || value.length < 8 || isModuleSpecifier(node)) return;
  const parent = node.parent;
  if (parent?.type === 'Property' && parent.key === node) return;
  const name = assignedName(node);
  const format = knownKeyFormat(value);
  const named = !!name && isSecretName(name) && isSecretValue(value, name);
  if (!named && !format) return;
  const env = format?.env ?? envNameFor(name!);
  const shown = format ? value.slice(format.index, format.index + format.length) : value;
  const what = format ? format.what : 'a secret';
  const where = name ? ` in ${name}` : '';
  context.report(
    node.range[0],
    node.range[1],
    `hardcoded secret${where} (${maskSecret(shown)}, ${what}): it ends up in git history, images and logs; read it from process.env.${env}`,
    fixFor(node, context, value, env, format),
  );
}

function fixFor(
  node: Node,
  context: TsRuleContext,
  value: string,
  env: string,
  format: ReturnType<typeof knownKeyFormat>,
): Fix | undefined {
  if (!env) return undefined;
  const description = `Read it from process.env.${env}`;
  const replace = (text: string): Fix => ({ description, edits: [{ start: node.range[0], end: node.range[1], text }], safe: true });
  const whole = !format || (format.index === 0 && format.length === value.length);
  if (node.parent?.type === 'JSXAttribute') return whole ? replace(`{process.env.${env}}`) : undefined;
  if (whole) return replace(`process.env.${env}`);
  const raw = context.text.slice(node.range[0] + 1, node.range[1] - 1);
  if (raw !== value || /[`\\]|\$\{/.test(value)) return undefined;
  const before = value.slice(0, format!.index);
  const after = value.slice(format!.index + format!.length);
  return replace(`\`${before}\${process.env.${env}}${after}\``);
}

export const typescript: TsRule = {
  id: 'hardcoded-secret',
  visitors: {
    Literal: check,
    TemplateLiteral(node, context) {
      if ((node as TSESTree.TemplateLiteral).expressions.length === 0) check(node, context);
    },
  },
};
