import { ruleTester } from '../ruleTester';

const EXPRESS = ["import express from 'express';", 'const app = express();'];
const MESSAGE = (call: string) =>
  `${call}() in serving code: use a structured logger such as pino (levels, JSON, request ids, asynchronous writes)`;

ruleTester.run('console-logging', {
  valid: [
    { name: 'a module without serving code', path: 'src/util.ts', code: "export function util() { console.log('hi'); }\n" },
    {
      name: 'a test file',
      path: 'src/server.test.ts',
      code: [...EXPRESS, "app.get('/x', (req, res) => { console.log(1); res.end(); });", ''].join('\n'),
    },
    {
      name: 'a shadowed console',
      path: 'src/server.ts',
      code: [...EXPRESS, "app.get('/x', (req, res) => { const console = makeLogger(); console.log(1); res.end(); });", ''].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'console.log/info/debug in a module with serving code (console.error is kept), on the callee',
      path: 'src/server.ts',
      code: [
        ...EXPRESS,
        "app.post('/predict', (req, res) => {",
        "  console.log('scoring', req.body);",
        '  console.info("done");',
        '  console.error("kept: errors go to stderr");',
        '  res.json({});',
        '});',
        'console.debug("boot");',
        '',
      ].join('\n'),
      errors: [
        { line: 4, column: 3, endLine: 4, endColumn: 14, message: MESSAGE('console.log') },
        { line: 5, column: 3, endLine: 5, endColumn: 15, message: MESSAGE('console.info') },
        { line: 9, column: 1, endLine: 9, endColumn: 14, message: MESSAGE('console.debug') },
      ],
      output: null,
    },
  ],
});
