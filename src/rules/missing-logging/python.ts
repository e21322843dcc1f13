import { hasLogging, loggerEdits } from '../../parsers/python/logging';
import type { PythonRuleImplementation } from '../../parsers/python/rule';

/**
 * missing-logging: a module with serving code that neither imports nor binds any logger (logging,
 * loguru, structlog, or a logger from a helper module). One finding, on the first serving function's
 * name. `print` is not logging: a serving module that only prints gets this finding too.
 */
export const python: PythonRuleImplementation = {
  visitors: {},
  finish(context) {
    const module = context.module;
    if (module.isTestFile) return;
    const first = module.functions.find((fn) => fn.serving !== undefined);
    if (!first || hasLogging(module)) return;
    // Loggers reached through an object (`self.logger.info`, `app.logger.warning`) are logging too.
    if (/\b\w*log(ger)?\.(debug|info|warning|warn|error|exception|critical|log)\s*\(/i.test(module.text)) return;
    const logger = loggerEdits(module);
    context.report(
      first.nameStart,
      first.nameEnd,
      `${first.name}() serves requests in a module with no logger: failures, inputs and latencies leave no trace to debug from in production; add a logging.getLogger(__name__) logger`,
      logger && logger.edits.length
        ? { description: `Add import logging and ${logger.name} = logging.getLogger(__name__)`, edits: logger.edits, safe: true }
        : undefined,
    );
  },
};
