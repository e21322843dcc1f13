import { defineRule } from '../define';
import { typescript } from './typescript';

export const rule = defineRule({
  id: 'console-logging',
  languages: ['ts/js'],
  category: 'observability',
  severity: 'info',
  fixable: false,
  summary: 'Use a structured logger, not console.log, in a Node service.',
  scope: 'production',
  docs: {
    why: '`console.log` has no levels, no structure and is synchronous on some streams; in a Node service in front of a model it floods stdout and cannot be filtered or correlated. A structured logger such as pino or winston gives levels, JSON output and request context.',
    flags: 'TypeScript/JavaScript: `console.log/info/debug` in a module with serving code.',
    doesNotFlag: 'TypeScript/JavaScript: test files.',
    fix: 'TypeScript/JavaScript: none (message names a structured logger such as pino).',
    bad: "import express from 'express';\n\nconst app = express();\n\napp.post('/predict', (req, res) => {\n  console.log('scoring', req.body);\n  res.json({ score: score(req.body) });\n});\n",
    good: "import express from 'express';\nimport pino from 'pino';\n\nconst logger = pino();\nconst app = express();\n\napp.post('/predict', (req, res) => {\n  logger.info({ body: req.body }, 'scoring');\n  res.json({ score: score(req.body) });\n});\n",
  },
  implementations: { typescript },
});
