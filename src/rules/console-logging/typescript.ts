import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, unwrap } from '../../parsers/typescript/module';
import type { TsRuleImplementation } from '../../parsers/typescript/rule';

/**
 * console-logging (ts/js): `console.log/info/debug` in a module with serving code. Console lines
 * have no level a log pipeline can filter, no request id and no JSON structure, and synchronous
 * writes to a pipe block the event loop under load. Tests are left alone.
 */
const METHODS = new Set(['log', 'info', 'debug']);

export const typescript: TsRuleImplementation = {
  visitors: {
    CallExpression(node, context) {
      const { module } = context;
      if (!module.hasServingCode || module.isTestFile) return;
      const callee = unwrap((node as TSESTree.CallExpression).callee);
      if (callee.type !== 'MemberExpression') return;
      const method = propertyName(callee);
      if (!method || !METHODS.has(method)) return;
      const object = unwrap(callee.object);
      if (object.type !== 'Identifier' || object.name !== 'console' || !module.isGlobal('console', object)) return;
      context.report(
        callee.range[0],
        callee.range[1],
        `console.${method}() in serving code: use a structured logger such as pino (levels, JSON, request ids, asynchronous writes)`,
      );
    },
  },
};
