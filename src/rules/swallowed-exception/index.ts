import { defineRule } from '../define';
import { python } from './python';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'swallowed-exception',
  languages: ['py', 'ts/js'],
  category: 'resilience',
  severity: 'warning',
  fixable: true,
  summary: 'Broad exception handlers must not silently discard errors.',
  scope: 'not-tests',
  docs: {
    why: 'A handler that catches everything and does nothing hides the failure: the request returns garbage or nothing, no log line says why, and the on-call engineer has nothing to search for at 3 AM. A bare `except:` also swallows `KeyboardInterrupt` and `SystemExit`, so the process cannot even be stopped cleanly.',
    flags:
      'Python: `except:` / `except Exception:` / `except BaseException:` — and a tuple naming one of them, such as `except (ValueError, Exception):`, which catches just as much — whose body is only `pass`, `...`, `continue` or a bare `return`/`return None`; the finding sits on the `except` clause. An empty `catch {}` in ts/js.',
    doesNotFlag:
      'Handlers that log, re-raise, or assign/return something meaningful; narrow handlers (`except KeyError: pass`, `except ImportError: pass`), which are deliberate; an `Exception` class imported from elsewhere that is not the builtin.',
    fix: 'Python: insert a `logger.exception("Ignored exception in <function>()")` line at the start of the handler (replacing a lone `pass` or `...`), using the module\'s logger or adding `import logging` (with the standard-library imports) and `logger = logging.getLogger(__name__)` after the imports; no fix inside a Kubeflow component, whose body cannot see module-level names. The handler still carries on; decide separately whether it should. TypeScript/JavaScript: insert `console.error(err)` or a call to the module\'s logger.',
    bad: 'try:\n    cache.set(key, result)\nexcept Exception:\n    pass\n',
    good: 'try:\n    cache.set(key, result)\nexcept Exception:\n    logger.exception("Ignored exception in predict()")\n',
  },
  implementations: { python, typescript },
});
