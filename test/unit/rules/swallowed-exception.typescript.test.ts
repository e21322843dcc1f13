import { ruleTester } from '../ruleTester';

const TS = 'src/server.ts';
const EMPTY = 'empty catch block: the error vanishes without a log line, and the request continues in an unknown state';

ruleTester.run('swallowed-exception', {
  valid: [
    {
      name: 'handlers that log, rethrow, return or assign, and promise.catch',
      path: TS,
      code: [
        'try { run(); } catch (err) { console.error(err); }',
        'try { run(); } catch (err) { throw err; }',
        'try { run(); } catch { return null; }',
        'let ok = true;',
        'try { run(); } catch { ok = false; }',
        'promise.catch(() => {});',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'empty catch blocks, with or without a binding, on the catch clause',
      path: TS,
      code: ['try {', '  run();', '} catch {}', 'try { run(); } catch (e) {', '}', ''].join('\n'),
      errors: [
        { line: 3, column: 3, endLine: 3, endColumn: 10, message: EMPTY },
        { line: 4, column: 16, endLine: 4, endColumn: 27, message: EMPTY },
      ],
      output: [
        'try {',
        '  run();',
        '} catch (err) {',
        '  console.error(err);',
        '}',
        'try { run(); } catch (e) {',
        '  console.error(e);',
        '}',
        '',
      ].join('\n'),
      safe: true,
    },
    {
      name: 'fixes with console.error, adding a binding where there is none',
      path: TS,
      code: 'function f() {\n  try {\n    run();\n  } catch {}\n}\n',
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 12, message: EMPTY }],
      output: 'function f() {\n  try {\n    run();\n  } catch (err) {\n    console.error(err);\n  }\n}\n',
    },
    {
      name: "fixes with the module's logger and keeps a comment that explains the swallow",
      path: 'lib/cache.js',
      code: "import pino from 'pino';\nconst logger = pino();\ntry {\n  run();\n} catch (error) {\n  // best effort\n}\n",
      errors: [{ line: 5, column: 3, endLine: 5, endColumn: 18, message: EMPTY }],
      output:
        "import pino from 'pino';\nconst logger = pino();\ntry {\n  run();\n} catch (error) {\n  logger.error(error);\n  // best effort\n}\n",
    },
  ],
});
