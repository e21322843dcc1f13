import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { cli, workspace } from './cliHarness';

const SERVICE = {
  'svc/Dockerfile':
    'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app/ ./app/\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8080"]\n',
  'svc/requirements.txt': 'fastapi==0.111.0\n',
  'svc/app/main.py':
    'from fastapi import FastAPI\nfrom app.util import f\n\napp = FastAPI()\n\n@app.get("/healthz")\ndef healthz():\n    return {}\n',
  'svc/app/util.py': 'def f():\n    return 1\n',
  'svc/train.py': 'import app.util\n',
  'lib/requirements.txt': 'numpy\n',
  'lib/score.py': 'def score():\n    return 1\n',
};

describe('prodready deployments', () => {
  it('prints, per project, the targets with entry modules, deployed files, installs, port, health route and GPU', async () => {
    const root = workspace(SERVICE);
    const result = await cli(['deployments', 'svc', 'lib'], root);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    assert.deepEqual(result.stdout.split('\n'), [
      'svc: deployed',
      '  Dockerfile:6 image (stage 0): uvicorn app.main:app --host 0.0.0.0 --port 8080',
      '    entry modules: app/main.py',
      '    deployed files: 2',
      '    installs: requirements.txt (pip install -r)',
      '    port 8080 (flag), health route /healthz, GPU no',
      '    fastapi; runs a server',
      '',
      'lib: not deployed',
      '  no Dockerfile/compose/Kubernetes/Procfile/package.json/bentofile/Ray Serve entrypoint resolves to a file of the project; it has no deployment artifact',
      '',
    ]);
  });

  it('gives the same model as JSON, with every target detail', async () => {
    const root = workspace(SERVICE);
    const result = await cli(['deployments', '--format', 'json', 'svc'], root);
    assert.equal(result.code, 0);
    const data = JSON.parse(result.stdout) as { projects: Array<Record<string, unknown> & { targets: Array<Record<string, unknown>> }> };
    assert.equal(data.projects.length, 1);
    const [project] = data.projects;
    assert.equal(project.root, 'svc');
    assert.equal(project.deployed, true);
    const [target] = project.targets;
    assert.deepEqual(
      {
        kind: target.kind,
        via: target.via,
        entryModules: target.entryModules,
        deployedFiles: target.deployedFiles,
        installedManifests: target.installedManifests,
        port: target.port,
        portSource: target.portSource,
        declaredPorts: target.declaredPorts,
        healthRoute: target.healthRoute,
        routes: target.routes,
        runsServer: target.runsServer,
        dockerRun: target.dockerRun,
        gpu: target.gpu,
      },
      {
        kind: 'dockerfile',
        via: 'Dockerfile:6 uvicorn app.main:app --host 0.0.0.0 --port 8080',
        entryModules: ['app/main.py'],
        deployedFiles: ['app/main.py', 'app/util.py'],
        installedManifests: [{ file: 'requirements.txt', throughLockfile: false, how: 'pip install -r' }],
        port: 8080,
        portSource: 'flag',
        declaredPorts: [],
        healthRoute: '/healthz',
        routes: ['/healthz'],
        runsServer: true,
        dockerRun: false,
        gpu: false,
      },
    );
  });

  it('rejects an unknown format and a missing path with exit 2', async () => {
    const root = workspace(SERVICE);
    assert.equal((await cli(['deployments', '--format', 'sarif'], root)).code, 2);
    const missing = await cli(['deployments', 'nowhere'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /path does not exist: nowhere/);
  });
});
