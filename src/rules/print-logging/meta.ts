import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'print-logging',
  languages: ['py'],
  category: 'observability',
  severity: 'warning',
  fixable: true,
  summary: 'Use a logger, not print, in serving code.',
  docs: {
    why: '`print` writes unstructured text to stdout with no level, no timestamp, no request context and no way to turn it down. In a container it is interleaved, buffered and often lost; log pipelines cannot filter or alert on it. A `logging` logger gives levels, structure and handlers that the platform can route.',
    flags: 'Python: `print(...)` in a module that contains serving code or is imported by one, outside `if __name__ == "__main__":`.',
    doesNotFlag:
      "Python: test files (`test_*.py`, `*_test.py`, `tests/`), scripts under `scripts/`, notebooks, command-line entry points whose printed output is the program's result (functions decorated with click/typer `@*.command()`).",
    fix: 'Python: replace with `logger.info(...)` (`logger.error` when `file=sys.stderr`), turning multiple args into one %-style message; add `import logging` and `logger = logging.getLogger(__name__)` if absent.',
  },
};
