import type { PythonRuleImplementation } from '../../parsers/python/rule';

/**
 * missing-logging: a module with serving code that makes no log call at all (R2.2) — no
 * `logger.info(...)`, `logging.warning(...)`, `self.logger.error(...)`, `log.exception(...)`, nor a
 * call to a `log_*` helper. Importing `logging` or binding a logger that is never called is not
 * logging. One finding, on the first serving function's name. `print` is not logging: a serving
 * module that only prints gets this finding too (and print-logging's fix, which turns the prints into
 * logger calls, clears it). No fix: an unused logger would silence the rule without logging anything.
 */

const HEALTH_ENDPOINT = /^_?(healthz?|health_?check|heartbeat|livez|liveness|readyz|readiness|ready|ping|status)$/i;

const LOG_METHODS = /^(?:debug|info|warning|warn|error|exception|critical|fatal|log|msg|trace|success)$/;

/** `logger.info(`, `logging.warning(`, `self.log.error(`, `structlog.get_logger().info(`, `log_request(`. */
function isLogCall(callee: string): boolean {
  const dot = callee.lastIndexOf('.');
  if (dot < 0) return /^_?log_\w+$/i.test(callee);
  const method = callee.slice(dot + 1).trim();
  return LOG_METHODS.test(method) && /log/i.test(callee.slice(0, dot));
}

export const python: PythonRuleImplementation = {
  visitors: {},
  finish(context) {
    const module = context.module;
    if (module.isTestFile) return;
    // Health and heartbeat endpoints answer a constant: nothing there to log, and a module of only
    // those needs no logger (the finding sits on the first serving function that does real work).
    const first = module.functions.find((fn) => fn.serving !== undefined && !HEALTH_ENDPOINT.test(fn.name));
    if (!first) return;
    const text = module.text;
    for (const capture of module.captures) {
      if (capture.kind !== 'call') continue;
      const callee = capture.node.childForFieldName('function');
      if (callee && isLogCall(text.slice(callee.startIndex, callee.endIndex).replace(/\s+/g, ''))) return;
    }
    context.report(
      first.nameStart,
      first.nameEnd,
      `${first.name}() serves requests in a module that makes no log call: failures, inputs and latencies leave no trace to debug from in production; log them with a logging.getLogger(__name__) logger`,
    );
  },
};
