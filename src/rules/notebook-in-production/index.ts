import { defineRule } from '../define';
import { manifest } from './manifest';
import { notebookImports } from './project';

export const rule = defineRule({
  id: 'notebook-in-production',
  languages: ['manifests', 'notebooks', 'cross-file'],
  category: 'deployment',
  severity: 'error',
  fixable: false,
  summary: 'Do not run notebooks as production jobs.',
  docs: {
    why: 'A notebook executed as the production job hides state in cell order, cannot be tested or reviewed like code, and fails in ways that are hard to reproduce. Export the logic to a module with tests and run that.',
    flags:
      'a deployment artifact that runs a notebook (`jupyter nbconvert --execute`, `papermill`, `ipython x.ipynb`) as its process, or serving code that imports from a notebook-exported module.',
    doesNotFlag: 'notebooks kept for exploration; converting a notebook without executing it.',
    fix: 'none.',
    examplePath: 'Dockerfile',
    bad: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\nCMD ["papermill", "score.ipynb", "out.ipynb"]\n',
    good: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\nCMD ["python", "-m", "app.score"]\n',
  },
  implementations: { manifest, project: notebookImports },
});
