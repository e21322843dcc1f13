import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { at } from '../manifests/util';

const RULE = 'dev-server-in-container';

describe('dev-server-in-container (manifests)', () => {
  it('flags the final stage CMD/ENTRYPOINT running a dev server, in JSON and shell form, through sh -c', async () => {
    assert.deepEqual(await at(RULE, 'FROM python:3.11\nCMD ["uvicorn", "app:app", "--reload"]\n', 'Dockerfile'), [
      { at: '2:1', text: 'CMD ["uvicorn", "app:app", "--reload"]' },
    ]);
    assert.equal((await at(RULE, 'FROM python:3.11\nCMD flask --app serve run --host 0.0.0.0\n', 'Dockerfile')).length, 1);
    assert.equal((await at(RULE, 'FROM python:3.11\nCMD jupyter lab --ip 0.0.0.0\n', 'Dockerfile')).length, 1);
    assert.equal((await at(RULE, 'FROM python:3.11\nCMD ["jupyter-notebook", "--no-browser"]\n', 'Dockerfile')).length, 1);
    assert.equal((await at(RULE, 'FROM python:3.11\nENTRYPOINT ["uvicorn", "app:app"]\nCMD ["--reload"]\n', 'Dockerfile'))[0].at, '3:1');
    assert.equal((await at(RULE, 'FROM python:3.11\nCMD ["python", "serve.py", "--debug"]\n', 'Dockerfile')).length, 1);
  });

  it('streamlit run counts only with a development flag, in either spelling', async () => {
    for (const flags of [
      '--server.runOnSave true',
      '--server.runOnSave=true',
      '--global.developmentMode true',
      '--global.developmentMode=True',
    ]) {
      assert.deepEqual(
        (await at(RULE, `FROM python:3.11\nENTRYPOINT ["sh", "-c", "streamlit run ui.py ${flags}"]\n`, 'Dockerfile')).map((f) => f.at),
        ['2:1'],
        flags,
      );
    }
    for (const flags of ['', '--server.port 8501', '--server.runOnSave false', '--global.developmentMode=false']) {
      assert.deepEqual(await at(RULE, `FROM python:3.11\nCMD streamlit run ui.py ${flags}\n`, 'Dockerfile'), [], flags);
    }
  });

  it('leaves notebook runners to notebook-in-production, and Jupyter tools that are not servers alone', async () => {
    assert.deepEqual(await at(RULE, 'FROM python:3.11\nCMD ["papermill", "in.ipynb", "out.ipynb"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM python:3.11\nCMD jupyter nbconvert --execute --to html report.ipynb\n', 'Dockerfile'), []);
    assert.equal(
      (await at('notebook-in-production', 'FROM python:3.11\nCMD ["papermill", "in.ipynb", "out.ipynb"]\n', 'Dockerfile')).length,
      1,
    );
  });

  it('reads every target stage, and the command a stage inherits through FROM <stage>', async () => {
    const text = [
      'FROM python:3.11 AS base',
      'CMD ["uvicorn", "app:app", "--reload"]',
      'FROM python:3.11 AS notebook', // own command, used by nothing: a target
      'CMD jupyter lab --ip 0.0.0.0',
      'FROM base AS serve', // final: inherits base's CMD, reported where it is written
      'RUN pip install .',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'Dockerfile'), [
      { at: '2:1', text: 'CMD ["uvicorn", "app:app", "--reload"]' },
      { at: '4:1', text: 'CMD jupyter lab --ip 0.0.0.0' },
    ]);
    // An ENTRYPOINT in the target resets the CMD it would inherit.
    assert.deepEqual(
      await at(
        RULE,
        'FROM python:3.11 AS base\nCMD ["uvicorn", "app:app", "--reload"]\nFROM base\nENTRYPOINT ["gunicorn", "app:app"]\n',
        'Dockerfile',
      ),
      [],
    );
  });

  it('leaves production servers, build steps and stages that only feed another alone', async () => {
    assert.deepEqual(
      await at(
        RULE,
        'FROM python:3.11 AS dev\nCMD ["uvicorn", "app:app", "--reload"]\nFROM python:3.11\nCOPY --from=dev /app /app\nRUN jupyter nbconvert --to script a.ipynb\nCMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "app:app"]\n',
        'Dockerfile',
      ),
      [],
    );
    assert.deepEqual(await at(RULE, 'FROM python:3.11\nCMD ["uvicorn", "app:app", "--log-level", "debug"]\n', 'Dockerfile'), []);
    assert.deepEqual(await at(RULE, 'FROM python:3.11\nENTRYPOINT ["uvicorn", "app:app"]\nCMD ["--reload=false"]\n', 'Dockerfile'), []);
  });

  it('flags compose command: and Kubernetes command/args on the key', async () => {
    assert.deepEqual(await at(RULE, 'services:\n  api:\n    build: .\n    command: ["flask", "run", "--debug"]\n', 'docker-compose.yml'), [
      { at: '4:5', text: 'command: ["flask", "run", "--debug"]' },
    ]);
    const k8s =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: a:1\n          command: ["uvicorn"]\n          args: ["app:app", "--reload"]\n';
    assert.deepEqual(
      (await at(RULE, k8s, 'k8s/deploy.yaml')).map((f) => f.at),
      ['12:11'],
    );
  });
});
