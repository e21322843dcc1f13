import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FunctionInfo } from '../../parsers/typescript/module';
import { propertyName, unwrap } from '../../parsers/typescript/module';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRuleImplementation, TsRuleContext } from '../../parsers/typescript/rule';

/**
 * unvalidated-input (ts/js): in serving code, the raw request payload indexed without a schema —
 * Express/pages-api `req.body.x`, Fastify `request.body.x`, Koa `ctx.request.body.x`, Hono
 * `(await c.req.json()).x`, Next.js `(await req.json()).x`, the same through a local alias
 * (`const body = await req.json(); body.x`) or destructuring (`const { x } = req.body`, `const { a } = body`)
 * — unless the handler hands the body to a validator (`Schema.parse(body)`, `safeParse`, ajv,
 * class-transformer: R2.3, importing one is not enough) or the route declares a schema the framework
 * enforces (Fastify `schema`).
 */

/** Whether `node` is the raw payload of the serving function's request parameter. */
function isRawPayload(expression: Node, serving: FunctionInfo, context: TsRuleContext, depth = 0): boolean {
  const node = unwrap(expression);
  const request = serving.params[0];
  if (!request) return false;
  const isRequest = (candidate: Node) => {
    const value = unwrap(candidate);
    return value.type === 'Identifier' && value.name === request && context.module.declaringFunction(request, value) === serving;
  };
  if (node.type === 'MemberExpression' && propertyName(node) === 'body') {
    const owner = unwrap(node.object);
    if (isRequest(owner)) return true;
    // Koa: ctx.request.body
    return owner.type === 'MemberExpression' && propertyName(owner) === 'request' && isRequest(owner.object);
  }
  if (node.type === 'AwaitExpression') {
    const call = unwrap(node.argument);
    if (call.type !== 'CallExpression' || call.arguments.length) return false;
    const callee = unwrap(call.callee);
    // `.json()` (Fetch Request, Hono), Hono's `.parseBody()` for forms.
    if (callee.type !== 'MemberExpression' || !/^(json|parseBody)$/.test(propertyName(callee) ?? '')) return false;
    const owner = unwrap(callee.object);
    if (isRequest(owner)) return true;
    // Hono: c.req.json()
    return owner.type === 'MemberExpression' && propertyName(owner) === 'req' && isRequest(owner.object);
  }
  if (node.type === 'Identifier' && depth === 0) {
    const init = context.module.initOf(node.name, node);
    const declaring = context.module.declaringFunction(node.name, node);
    if (!init || !declaring) return false;
    for (let scope: FunctionInfo | undefined = declaring; scope; scope = scope.parent) {
      if (scope === serving) return isRawPayload(init, serving, context, depth + 1);
    }
  }
  return false;
}

/** Calls that validate what they are given: zod, valibot, yup, joi, ajv, superstruct, typia, class-transformer/-validator. */
const VALIDATING_CALLS =
  'parse|safeParse|parseAsync|safeParseAsync|spa|validate|validateSync|validateAsync|validateOrReject|assert|assertEquals|is|cast|decode|create|check|plainToInstance|plainToClass|transformAndValidate';

const validated = new WeakMap<FunctionInfo, boolean>();

/**
 * Whether the serving function hands the request body to a validator (R2.3): `Schema.parse(req.body)`,
 * `schema.safeParse(body)` for `const body = await req.json()`, `v.parse(Schema, body)`,
 * `ajv.validate(schema, body)`, `plainToInstance(Dto, req.body)`. Importing a validator is not
 * validating: the body has to flow into it.
 */
function validatesBody(serving: FunctionInfo, context: TsRuleContext): boolean {
  let known = validated.get(serving);
  if (known !== undefined) return known;
  const request = serving.params[0];
  const source = context.text.slice(serving.node.range[0], serving.node.range[1]);
  known = false;
  if (request) {
    const escape = (name: string) => name.replace(/[.$]/g, (c) => `\\${c}`);
    const names = [`${request}.body`, `${request}.request.body`];
    // Aliases: `const body = req.body`, `const body = await req.json()`, `let data = await c.req.json()`.
    const alias = new RegExp(
      `\\b(?:const|let|var)\\s+([\\w$]+)\\s*(?::[^=;]+)?=\\s*(?:await\\s+)?${escape(request)}\\.(?:body\\b|json\\(\\)|req\\.json\\(\\)|request\\.body\\b|parseBody\\(\\)|req\\.parseBody\\(\\))`,
      'g',
    );
    for (const match of source.matchAll(alias)) names.push(match[1]);
    const payload = names.map(escape).join('|');
    known = new RegExp(
      `\\b(?:${VALIDATING_CALLS})\\s*(?:<[^>()]*>)?\\(\\s*(?:[\\w$.]+\\s*,\\s*)?(?:await\\s+)?(?:${payload})(?![\\w$])`,
    ).test(source);
  }
  validated.set(serving, known);
  return known;
}

function applies(node: Node, context: TsRuleContext): FunctionInfo | undefined {
  const { module } = context;
  if (module.isTestFile) return undefined;
  const serving = context.servingFunctionOf(node);
  if (!serving || serving.serving?.validatedBySchema || validatesBody(serving, context)) return undefined;
  return serving;
}

function report(context: TsRuleContext, start: number, end: number, shown: string): void {
  context.report(
    start,
    end,
    `${shown} reads the raw request body without validation: a missing or mistyped field reaches the model as undefined or NaN; parse the body with a schema (zod, valibot, ajv) first`,
  );
}

export const typescript: TsRuleImplementation = {
  visitors: {
    MemberExpression(node, context) {
      const member = node as TSESTree.MemberExpression;
      const parent = member.parent;
      if (parent?.type === 'AssignmentExpression' && parent.left === member) return;
      if (!propertyName(member) && !member.computed) return;
      const object = unwrap(member.object);
      if (object.type !== 'MemberExpression' && object.type !== 'AwaitExpression' && object.type !== 'Identifier') return;
      const serving = applies(member, context);
      if (!serving || !isRawPayload(object, serving, context)) return;
      report(context, member.range[0], member.range[1], context.text.slice(member.range[0], member.range[1]).replace(/\s+/g, ' '));
    },
    VariableDeclarator(node, context) {
      const declarator = node as TSESTree.VariableDeclarator;
      if (declarator.id.type !== 'ObjectPattern' || !declarator.init) return;
      const serving = applies(declarator, context);
      if (!serving || !isRawPayload(declarator.init, serving, context)) return;
      const init = declarator.init;
      report(
        context,
        init.range[0],
        init.range[1],
        `destructuring ${context.text.slice(init.range[0], init.range[1]).replace(/\s+/g, ' ')}`,
      );
    },
  },
};
