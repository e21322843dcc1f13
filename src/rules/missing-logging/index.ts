import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'missing-logging',
  languages: ['py', 'ts/js'],
  category: 'observability',
  severity: 'warning',
  fixable: true,
  summary: 'A serving module should log.',
  scope: 'production',
  docs: {
    why: 'A serving module with no logger leaves no trace of what it did: when predictions go wrong there is no record of inputs, latencies or errors to debug from, and `print` output is not a substitute (no levels, no structure, often lost).',
    flags:
      "a module with serving code that neither imports nor uses any logger (py: `logging`, `loguru`, `structlog`, or a logger imported from a helper module such as `from app.log import logger`; ts: `pino`, `winston`, `bunyan`, `@nestjs` Logger) — one finding on the first serving function's name (the `def` line, not the decorator).",
    doesNotFlag:
      'modules without serving code; modules that log through an object (`app.logger.info(...)`, `self.logger.warning(...)`); Python test files.',
    fix: 'py: add `import logging` + `logger = logging.getLogger(__name__)` after the imports (reusing an `import logging as ...` alias).',
    bad: 'from flask import Flask, jsonify\n\napp = Flask(__name__)\n\n@app.post("/predict")\ndef predict():\n    return jsonify(score=model.predict(x))',
    good: 'import logging\nfrom flask import Flask, jsonify\n\nlogger = logging.getLogger(__name__)\napp = Flask(__name__)\n\n@app.post("/predict")\ndef predict():\n    logger.info("scoring")\n    return jsonify(score=model.predict(x))',
  },
  implementations: { python, typescript },
});
