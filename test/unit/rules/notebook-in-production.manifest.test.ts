import { ruleTester } from '../ruleTester';

const runs = (how: string) =>
  `This deployment runs a notebook as its job (${how}): hidden cell state and untestable code in production; export the logic to a module and run that`;

ruleTester.run('notebook-in-production', {
  valid: [
    {
      name: 'converting a notebook without executing it',
      path: 'Dockerfile',
      code: 'FROM python:3.11\nRUN jupyter nbconvert --to script train.ipynb\nCMD ["python", "train.py"]\n',
    },
    { name: 'an ordinary script', path: 'compose.yml', code: 'services:\n  job:\n    image: t:1\n    command: python train.py\n' },
  ],
  invalid: [
    {
      name: 'a container that executes a notebook with papermill',
      path: 'Dockerfile',
      code: 'FROM python:3.11\nCMD ["papermill", "train.ipynb", "out.ipynb"]\n',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 46, message: runs('papermill') }],
      output: null,
    },
    {
      name: 'jupyter nbconvert --execute in shell form',
      path: 'Dockerfile',
      code: 'FROM python:3.11\nCMD jupyter nbconvert --to notebook --execute score.ipynb\n',
      errors: [{ line: 2, column: 1, message: runs('nbconvert --execute') }],
      output: null,
    },
    {
      name: 'ipython running a notebook',
      path: 'Dockerfile',
      code: 'FROM python:3.11\nCMD ["ipython", "nightly.ipynb"]\n',
      errors: [{ line: 2, column: 1, message: runs('ipython') }],
      output: null,
    },
    {
      name: "a CronJob's container command, on the command",
      path: 'cron.yaml',
      code: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: retrain\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              image: t:1\n              command: ["jupyter", "execute", "train.ipynb"]\n',
      errors: [{ line: 13, column: 15, message: runs('jupyter execute') }],
      output: null,
    },
  ],
});
