import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at } from '../manifests/util';

const RULE = 'notebook-in-production';

describe('notebook-in-production (deployment artifacts)', () => {
  it('flags a container that executes a notebook', async () => {
    assert.deepEqual(await at(RULE, 'FROM python:3.11\nCMD ["papermill", "train.ipynb", "out.ipynb"]\n', 'Dockerfile'), [
      { at: '2:1', text: 'CMD ["papermill", "train.ipynb", "out.ipynb"]' },
    ]);
    assert.equal((await at(RULE, 'FROM python:3.11\nCMD jupyter nbconvert --to notebook --execute score.ipynb\n', 'Dockerfile')).length, 1);
    assert.equal((await at(RULE, 'FROM python:3.11\nCMD ["ipython", "nightly.ipynb"]\n', 'Dockerfile')).length, 1);
    const cron =
      'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: retrain\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              image: t:1\n              command: ["jupyter", "execute", "train.ipynb"]\n';
    assert.deepEqual(
      (await at(RULE, cron, 'cron.yaml')).map((f) => f.at),
      ['13:15'],
    );
  });

  it('leaves converting without executing, and ordinary scripts, alone', async () => {
    assert.deepEqual(
      await at(RULE, 'FROM python:3.11\nRUN jupyter nbconvert --to script train.ipynb\nCMD ["python", "train.py"]\n', 'Dockerfile'),
      [],
    );
    assert.deepEqual(await at(RULE, 'services:\n  job:\n    image: t:1\n    command: python train.py\n', 'compose.yml'), []);
  });
});
