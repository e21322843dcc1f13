import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixed, findings, located } from '../helpers';

const RULE = 'swallowed-exception';

describe('swallowed-exception (python)', () => {
  it('flags broad handlers that only pass, continue or return nothing, on the except clause', async () => {
    const code = [
      'def f(items):',
      '    try:',
      '        a()',
      '    except:',
      '        pass',
      '    try:',
      '        b()',
      '    except Exception as e:',
      '        ...',
      '    for item in items:',
      '        try:',
      '            c(item)',
      '        except BaseException:',
      '            continue',
      '    try:',
      '        d()',
      '    except (ValueError, Exception):',
      '        # nothing to do',
      '        return None',
      '    try:',
      '        e()',
      '    except Exception: return',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '4:5', text: 'except:' },
      { at: '8:5', text: 'except Exception as e:' },
      { at: '13:9', text: 'except BaseException:' },
      { at: '17:5', text: 'except (ValueError, Exception):' },
      { at: '22:5', text: 'except Exception:' },
    ]);
    const messages = (await findings(RULE, code)).map((f) => f.message);
    assert.match(messages[0], /^bare except discards the error \(it also catches KeyboardInterrupt and SystemExit\)/);
    assert.match(messages[1], /^except Exception discards the error: the failure disappears without a log line/);
  });

  it('resolves the caught class through imports', async () => {
    assert.equal((await located(RULE, 'import builtins\ntry:\n    a()\nexcept builtins.Exception:\n    pass\n')).length, 1);
    // A local class that happens to be called Exception is not the builtin.
    await assertClean(RULE, 'from errors import Exception\ntry:\n    a()\nexcept Exception:\n    pass\n');
  });

  it('leaves narrow handlers and handlers that log, re-raise, assign or return a value alone', async () => {
    await assertClean(
      RULE,
      [
        'import logging',
        'logger = logging.getLogger(__name__)',
        'def f():',
        '    try:',
        '        a()',
        '    except KeyError:',
        '        pass',
        '    except (ImportError, ModuleNotFoundError):',
        '        pass',
        '    try:',
        '        b()',
        '    except Exception:',
        '        logger.exception("b failed")',
        '    try:',
        '        c()',
        '    except Exception:',
        '        raise',
        '    try:',
        '        x = c()',
        '    except Exception:',
        '        x = None',
        '    try:',
        '        return c()',
        '    except Exception:',
        '        return {"fallback": True}',
        '    try:',
        '        c()',
        '    except Exception:',
        '        break_even = False',
        '        pass',
        '',
      ].join('\n'),
    );
  });

  it('fixes by logging with the module logger, replacing a lone pass', async () => {
    const fixed = await assertFixed(
      RULE,
      [
        'import logging',
        'log = logging.getLogger("svc")',
        'def f():',
        '    try:',
        '        a()',
        '    except Exception:',
        '        pass',
        '',
      ].join('\n'),
    );
    assert.equal(
      fixed,
      [
        'import logging',
        'log = logging.getLogger("svc")',
        'def f():',
        '    try:',
        '        a()',
        '    except Exception:',
        '        log.exception("Ignored exception in f()")',
        '',
      ].join('\n'),
    );
  });

  it('fixes by adding the logger when the module has none, keeping continue and indentation', async () => {
    const fixed = await assertFixed(
      RULE,
      [
        '"""Worker."""',
        'import os',
        '',
        'for p in os.listdir("."):',
        '\ttry:',
        '\t\tos.remove(p)',
        '\texcept:',
        '\t\t# best effort',
        '\t\tcontinue',
        'try:',
        '    import ujson as json',
        'except Exception: pass',
        '',
      ].join('\r\n'),
    );
    assert.equal(
      fixed,
      [
        '"""Worker."""',
        'import logging',
        'import os',
        'logger = logging.getLogger(__name__)',
        '',
        'for p in os.listdir("."):',
        '\ttry:',
        '\t\tos.remove(p)',
        '\texcept:',
        '\t\t# best effort',
        '\t\tlogger.exception("Ignored exception")',
        '\t\tcontinue',
        'try:',
        '    import ujson as json',
        'except Exception: logger.exception("Ignored exception")',
        '',
      ].join('\r\n'),
    );
  });

  it('offers no fix when the logger name cannot be used safely', async () => {
    const found = await findings(RULE, 'logging = None\ntry:\n    a()\nexcept Exception:\n    pass\n');
    assert.equal(found.length, 1);
    assert.equal(found[0].fix, undefined);
  });

  it('fixes a one-line handler that continues', async () => {
    const fixed = await assertFixed(
      RULE,
      'import logging\nlogger = logging.getLogger(__name__)\nfor x in []:\n    try: x()\n    except BaseException: continue\n',
    );
    assert.match(fixed, /except BaseException: logger\.exception\("Ignored exception"\); continue\n/);
  });
});
