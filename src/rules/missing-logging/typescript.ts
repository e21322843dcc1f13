import type { TsRuleImplementation } from '../../parsers/typescript/rule';

/**
 * missing-logging (ts/js): a module with serving code that produces no log output at all — no
 * logger (pino, winston, bunyan, a NestJS Logger, a local logger module, Fastify's built-in one)
 * and no `console` call. One finding, on the first serving function's name or, for an anonymous
 * route callback, on its registration call. `console-logging` covers modules that only use console.
 */
export const typescript: TsRuleImplementation = {
  visitors: {},
  finish(context) {
    const { module } = context;
    if (module.isTestFile || !module.hasServingCode || module.hasLogger || module.hasConsoleCall) return;
    const first = module.servingFunctions[0];
    context.report(
      first.nameStart,
      first.nameEnd,
      'this serving module logs nothing: when a request fails in production there is no trace of it; add a structured logger such as pino',
    );
  },
};
