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
    assert.equal((await at(RULE, 'FROM python:3.11\nENTRYPOINT ["sh", "-c", "streamlit run ui.py"]\n', 'Dockerfile')).length, 1);
    assert.equal((await at(RULE, 'FROM python:3.11\nCMD jupyter lab --ip 0.0.0.0\n', 'Dockerfile')).length, 1);
    assert.equal((await at(RULE, 'FROM python:3.11\nENTRYPOINT ["uvicorn", "app:app"]\nCMD ["--reload"]\n', 'Dockerfile'))[0].at, '3:1');
  });

  it('leaves production servers, build steps and earlier stages alone', async () => {
    assert.deepEqual(
      await at(
        RULE,
        'FROM python:3.11 AS dev\nCMD ["uvicorn", "app:app", "--reload"]\nFROM python:3.11\nRUN jupyter nbconvert --to script a.ipynb\nCMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "app:app"]\n',
        'Dockerfile',
      ),
      [],
    );
    assert.deepEqual(await at(RULE, 'FROM python:3.11\nCMD ["uvicorn", "app:app", "--log-level", "debug"]\n', 'Dockerfile'), []);
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
