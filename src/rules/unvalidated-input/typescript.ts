import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FunctionInfo } from '../../parsers/typescript/module';
import { propertyName, unwrap } from '../../parsers/typescript/module';
import type { Node } from '../../parsers/typescript/parse';
import type { TsRuleImplementation, TsRuleContext } from '../../parsers/typescript/rule';

/**
 * unvalidated-input (ts/js): in serving code, the raw request payload indexed without a schema —
 * Express/pages-api `req.body.x`, Fastify `request.body.x`, Koa `ctx.request.body.x`, Hono
 * `(await c.req.json()).x`, Next.js `(await req.json()).x`, the same through a local alias
 * (`const body = await req.json(); body.x`) or destructuring (`const { x } = req.body`) — when the
 * module imports no validator (zod, joi, yup, ajv, class-validator, valibot, …) and the route
 * declares no schema the framework enforces (Fastify `schema`).
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

function applies(node: Node, context: TsRuleContext): FunctionInfo | undefined {
  const { module } = context;
  if (module.isTestFile || module.importsValidator) return undefined;
  const serving = context.servingFunctionOf(node);
  if (!serving || serving.serving?.validatedBySchema) return undefined;
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
