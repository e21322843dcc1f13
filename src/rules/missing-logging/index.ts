import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'missing-logging',
  languages: ['py', 'ts/js'],
  category: 'observability',
  severity: 'warning',
  fixable: false,
  summary: 'A serving module should log.',
  scope: 'production',
  docs: {
    why: 'A serving module with no logger leaves no trace of what it did: when predictions go wrong there is no record of inputs, latencies or errors to debug from, and `print` output is not a substitute (no levels, no structure, often lost).',
    flags:
      "a module with serving code that makes no log call at all — py: no `logger.info(...)`, `logging.warning(...)`, `self.logger.error(...)`, `structlog.get_logger().info(...)`, loguru `logger.success(...)` nor a call to a `log_*` helper anywhere in the module (importing `logging` or binding a logger that is never called is not logging; `print` is not either); ts: no logger (`pino`, `winston`, `bunyan`, `@nestjs` Logger) and no `console` call — one finding on the first serving function's name (the `def` line, not the decorator).",
    doesNotFlag:
      'modules without serving code; modules that log anywhere, including through an object (`app.logger.info(...)`, `self.logger.warning(...)`); Python test files.',
    fix: "none: an unused logger would silence the rule without logging anything. Log what the handler does (`logger.info(...)` on the request, `logger.exception(...)` on failures); print-logging's fix, which turns prints into logger calls, clears this finding too.",
    bad: 'from flask import Flask, jsonify\n\napp = Flask(__name__)\n\n@app.post("/predict")\ndef predict():\n    return jsonify(score=model.predict(x))',
    good: 'import logging\nfrom flask import Flask, jsonify\n\nlogger = logging.getLogger(__name__)\napp = Flask(__name__)\n\n@app.post("/predict")\ndef predict():\n    logger.info("scoring")\n    return jsonify(score=model.predict(x))',
  },
  implementations: { python, typescript },
});
