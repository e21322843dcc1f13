import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isHubId } from '../../knowledge/modelReferences';
import { objectProperty, propertyName, stringValue, unwrap } from '../../parsers/typescript/module';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRuleContext, TsRuleImplementation } from '../../parsers/typescript/rule';

/**
 * unpinned-model-revision (ts/js): transformers.js `pipeline(task, "org/model")` and
 * `X.from_pretrained("org/model")` from `@huggingface/transformers` / `@xenova/transformers` without a
 * `revision` option. The id counts as a literal, a `process.env.X ?? "org/model"` default, or a
 * module-level `const` holding either.
 */

const TRANSFORMERS = /^(@xenova\/transformers|@huggingface\/transformers)\./;

/** The literal a model id evaluates to, when the code fixes it. */
function literalOf(node: Node | undefined, context: TsRuleContext, depth = 0): string | undefined {
  if (!node || depth > 3) return undefined;
  const value = unwrap(node);
  const literal = stringValue(value);
  if (literal !== undefined) return literal;
  if (value.type === 'LogicalExpression' && (value.operator === '??' || value.operator === '||')) {
    const left = unwrap(value.left);
    const read = left.type === 'MemberExpression' ? context.module.qualify(left.object) : undefined;
    return read === 'process.env' ? literalOf(value.right, context, depth + 1) : undefined;
  }
  if (value.type === 'Identifier') {
    if (context.module.declaringFunction(value.name, value)) return undefined;
    const init = context.module.initOf(value.name, value);
    const declaration = init?.parent?.parent;
    if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') return undefined;
    return literalOf(init, context, depth + 1);
  }
  return undefined;
}

/** The options object lacks `revision` (an object the analyser cannot see into passes). */
function lacksRevision(options: Node | undefined): boolean {
  if (!options) return true;
  const value = unwrap(options);
  if (value.type !== 'ObjectExpression') return false;
  if (value.properties.some((property) => property.type === 'SpreadElement')) return false;
  const revision = objectProperty(value, 'revision');
  if (!revision) return true;
  return stringValue(revision.value as Node) === 'main';
}

export const typescript: TsRuleImplementation = {
  visitors: {
    CallExpression(node, context) {
      const call = node as TSESTree.CallExpression;
      const callee = unwrap(call.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      if (name !== 'pipeline' && name !== 'from_pretrained') return;
      const qualified = context.module.qualify(callee);
      if (!qualified || !TRANSFORMERS.test(qualified)) return;
      const pipeline = qualified.endsWith('.pipeline');
      if (!pipeline && !qualified.endsWith('.from_pretrained')) return;
      const [idArgument, options] = pipeline ? [call.arguments[1], call.arguments[2]] : [call.arguments[0], call.arguments[1]];
      const id = literalOf(idArgument, context);
      if (id === undefined || !isHubId(id) || !lacksRevision(options)) return;
      const shown = context.text.slice(callee.range[0], callee.range[1]).replace(/\s+/g, '');
      context.report(
        callee.range[0],
        call.range[1],
        `${shown}("${id}") fetches whatever the Hub repository holds at load time: the model can change under the running service and a rollback cannot bring the old one back; pin { revision: "<commit sha>" }`,
      );
    },
  },
};
