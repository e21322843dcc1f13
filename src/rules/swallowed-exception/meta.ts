import type { RuleMeta } from '../../core/types';

export const meta: RuleMeta = {
  id: 'swallowed-exception',
  languages: ['py', 'ts/js'],
  category: 'resilience',
  severity: 'warning',
  fixable: true,
  summary: 'Broad exception handlers must not silently discard errors.',
  docs: {
    why: 'A handler that catches everything and does nothing hides the failure: the request returns garbage or nothing, no log line says why, and the on-call engineer has nothing to search for at 3 AM.',
    flags:
      '`except:` / `except Exception:` / `except BaseException:` whose body is only `pass`, `...`, `continue` or a bare `return`/`return None`; an empty `catch {}` in ts/js.',
    doesNotFlag: 'handlers that log, re-raise, or assign/return something meaningful.',
    fix: 'insert a `logger.exception("...")` (ts: `console.error(err)` or the module\'s logger) line.',
  },
};
