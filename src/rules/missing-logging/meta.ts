import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'missing-logging',
  languages: ['py', 'ts/js'],
  category: 'observability',
  severity: 'warning',
  fixable: true,
  summary: 'A serving module should log.',
  docs: {
    why: 'A serving module with no logger leaves no trace of what it did: when predictions go wrong there is no record of inputs, latencies or errors to debug from.',
    flags:
      "a module with serving code that neither imports nor uses any logger (`logging`, `loguru`, `structlog`; ts: `pino`, `winston`, `bunyan`, `@nestjs` Logger) \u2014 one finding on the first serving function's name.",
    doesNotFlag: 'modules without serving code.',
    fix: 'add `import logging` + `logger = logging.getLogger(__name__)` after the imports.',
  },
};
