import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertFixed, located } from '../helpers';
import { assertCleanTs as assertClean } from '../tsHelpers';

const RULE = 'swallowed-exception';
const TS = 'src/server.ts';

describe('swallowed-exception (ts/js)', () => {
  it('flags empty catch blocks, with or without a binding, on the catch clause', async () => {
    const code = ['try {', '  run();', '} catch {}', 'try { run(); } catch (e) {', '}', ''].join('\n');
    assert.deepEqual(await located(RULE, code, TS), [
      { at: '3:3', text: 'catch {' },
      { at: '4:16', text: 'catch (e) {' },
    ]);
  });

  it('leaves handlers that log, rethrow, return or assign alone', async () => {
    await assertClean(
      RULE,
      [
        'try { run(); } catch (err) { console.error(err); }',
        'try { run(); } catch (err) { throw err; }',
        'try { run(); } catch { return null; }',
        'let ok = true;',
        'try { run(); } catch { ok = false; }',
        'promise.catch(() => {});',
        '',
      ].join('\n'),
      TS,
    );
  });

  it('fixes with console.error, adding a binding where there is none', async () => {
    const fixed = await assertFixed(RULE, 'function f() {\n  try {\n    run();\n  } catch {}\n}\n', TS);
    assert.equal(fixed, 'function f() {\n  try {\n    run();\n  } catch (err) {\n    console.error(err);\n  }\n}\n');
  });

  it("fixes with the module's logger and keeps a comment that explains the swallow", async () => {
    const fixed = await assertFixed(
      RULE,
      "import pino from 'pino';\nconst logger = pino();\ntry {\n  run();\n} catch (error) {\n  // best effort\n}\n",
      'lib/cache.js',
    );
    assert.match(fixed, /\} catch \(error\) \{\n {2}logger\.error\(error\);\n {2}\/\/ best effort\n\}/);
  });
});
