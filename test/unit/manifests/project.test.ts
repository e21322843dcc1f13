import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { applyEdits } from '../../../src/core/fixes';
import { projectsOf } from '../../../src/core/project';
import { runProject, tempProject } from './util';

const ROOT = path.resolve('/work/projects/fraud');

const fastapiApp = (body: string) =>
  `from fastapi import FastAPI\n${body}\napp = FastAPI()\n\n@app.get("/score")\ndef score():\n    return {}\n`;

// A route makes a module serving code: production code (rules.md R2.1), where undeclared-env-var applies.
const ROUTE = 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/config")\ndef config():\n    return {}\n';

describe('workspace pass: undeclared-env-var', () => {
  it('flags reads without a default that no artifact provides, and lists where it looked', async () => {
    const { lines, cross } = await runProject(ROOT, {
      'app/config.py':
        'import os\nA = os.environ["FROM_DOCKERFILE"]\nB = os.getenv("FROM_COMPOSE")\nC = os.environ.get("FROM_K8S")\nD = os.environ["FROM_DOTENV"]\nE = os.environ["NOWHERE"]\nF = os.getenv("WITH_DEFAULT", "x")\nG = os.environ["HOME"]\n' +
        ROUTE,
      Dockerfile: 'FROM python:3.11-slim\nENV FROM_DOCKERFILE=1\nARG BUILD_ONLY\n',
      'docker-compose.yml': 'services:\n  api:\n    build: .\n    environment:\n      - FROM_COMPOSE=1\n',
      'k8s/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: a:1\n          env:\n            - name: FROM_K8S\n              value: "1"\n',
      '.env.example': '# copy to .env\nFROM_DOTENV=\n',
    });
    assert.deepEqual(lines, ['app/config.py:6:5 undeclared-env-var']);
    const [finding] = cross.get(path.join(ROOT, 'app/config.py'))!;
    assert.match(finding.message, /NOWHERE .*looked in .*Dockerfile.*docker-compose\.yml.*k8s\/deploy\.yaml/);
  });

  it('says what the read does where the variable is missing: KeyError at import or in a function, None, undefined', async () => {
    const { cross } = await runProject(ROOT, {
      'app/config.py':
        'import os\nA = os.environ["AT_IMPORT"]\ndef f():\n    return os.environ["IN_CALL"]\nB = os.getenv("OPTIONAL")\n' + ROUTE,
      'gateway/server.ts':
        "import express from 'express';\nexport const url = process.env.GATEWAY_URL;\nconst app = express();\napp.get('/x', (req, res) => res.json({ url }));\n",
      Dockerfile: 'FROM python:3.11-slim\nENV OTHER=1\n',
    });
    const messages = [...cross.values()].flat().map((finding) => finding.message);
    const about = (name: string) => messages.find((message) => message.startsWith(`${name} `)) ?? '';
    assert.match(about('AT_IMPORT'), /raises KeyError at import, so the service fails at start-up/);
    assert.match(about('IN_CALL'), /raises KeyError when f\(\) runs/);
    assert.match(about('OPTIONAL'), /returns None wherever it is missing/);
    assert.doesNotMatch(about('OPTIONAL'), /start-up/);
    assert.match(about('GATEWAY_URL'), /process\.env\.GATEWAY_URL is undefined/);
  });

  it('stays silent without deployment artifacts, with envFrom, and with a compose env_file it has not read', async () => {
    const code = { 'app/config.py': 'import os\nX = os.environ["X"]\n' + ROUTE };
    assert.deepEqual((await runProject(ROOT, { ...code, 'requirements.txt': 'fastapi==0.111.0\n' })).lines, []);
    const envFrom =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: a:1\n      envFrom:\n        - configMapRef: {name: settings}\n';
    assert.deepEqual((await runProject(ROOT, { ...code, 'pod.yaml': envFrom })).lines, []);
    const compose = 'services:\n  api:\n    build: .\n    env_file: .env.production\n';
    assert.deepEqual((await runProject(ROOT, { ...code, 'compose.yaml': compose })).lines, []);
    assert.deepEqual((await runProject(ROOT, { ...code, 'compose.yaml': compose, '.env.production': 'Y=1\n' })).lines, [
      'app/config.py:2:5 undeclared-env-var',
    ]);
    assert.deepEqual((await runProject(ROOT, { ...code, 'compose.yaml': compose, '.env.production': 'X=1\n' })).lines, []);
  });

  it('honours suppression comments and severities on the reading file', async () => {
    const files = {
      'app/config.py': 'import os\nX = os.environ["X"]  # prodready: ignore[undeclared-env-var]\n',
      Dockerfile: 'FROM python:3.11\n',
    };
    assert.deepEqual((await runProject(ROOT, files)).lines, []);
  });

  it('does not report reads in tests', async () => {
    const files = { 'tests/test_config.py': 'import os\nX = os.environ["X"]\n', Dockerfile: 'FROM python:3.11\n' };
    assert.deepEqual((await runProject(ROOT, files)).lines, []);
  });
});

describe('workspace pass: missing-dependency', () => {
  it('flags third-party imports of serving code no manifest declares, through the import-name map', async () => {
    const { lines } = await runProject(ROOT, {
      'app/main.py': fastapiApp(
        'import os\nimport json\nimport cv2\nimport numpy as np\nfrom sklearn.linear_model import LogisticRegression\nfrom PIL import Image\nimport yaml\nfrom starlette.responses import JSONResponse\nfrom app.features import f\nimport helpers\n',
      ),
      'app/features.py': 'import redis\n\ndef f():\n    return 1\n',
      'helpers.py': 'import boto3\n',
      'requirements.txt': 'fastapi==0.111.0\nopencv-python-headless==4.10.0.84\npandas==2.2.2\nPillow==10.3.0\n',
      'scripts/train.py': 'import xgboost\n',
    });
    assert.deepEqual(lines, [
      'app/main.py:6:1 missing-dependency',
      'app/main.py:8:1 missing-dependency',
      'helpers.py:1:1 missing-dependency',
    ]);
  });

  it('leaves optional imports alone (try/except ImportError, TYPE_CHECKING)', async () => {
    const app = fastapiApp(
      'from typing import TYPE_CHECKING\ntry:\n    import orjson as json_impl\nexcept ImportError:  # optional speed-up\n    import json as json_impl\nif TYPE_CHECKING:\n    import pandas\ntry:\n    import ujson\nexcept ValueError:\n    pass\n',
    );
    const { lines } = await runProject(ROOT, { 'app/main.py': app, 'requirements.txt': 'fastapi==0.111.0\n' });
    assert.deepEqual(lines, ['app/main.py:10:5 missing-dependency']);
  });

  it('is silent without a Python manifest, or when a setup.py declares what prodready cannot read', async () => {
    const app = { 'app/main.py': fastapiApp('import torch\n') };
    assert.deepEqual((await runProject(ROOT, app)).lines, []);
    assert.deepEqual(
      (await runProject(ROOT, { ...app, 'requirements.txt': 'fastapi==0.111.0\n', 'setup.py': 'from setuptools import setup\nsetup()\n' }))
        .lines,
      [],
    );
    assert.deepEqual((await runProject(ROOT, { ...app, 'requirements.txt': 'fastapi==0.111.0\n' })).lines, [
      'app/main.py:2:1 missing-dependency',
    ]);
  });

  it('counts pyproject, Pipfile, conda environment files and Dockerfile pip installs as declarations', async () => {
    const app = { 'app/main.py': fastapiApp('import torch\nimport xgboost\nimport lightgbm\nimport shap\n') };
    const { lines } = await runProject(ROOT, {
      ...app,
      'pyproject.toml': '[project]\nname = "fraud"\ndependencies = ["fastapi==0.111.0", "torch==2.3.1"]\n',
      'environment.yml':
        'name: fraud\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - xgboost=2.0.3\n  - pip:\n    - lightgbm==4.3.0\n',
      Dockerfile: 'FROM python:3.11\nRUN pip install --no-cache-dir shap==0.45.0\n',
    });
    assert.deepEqual(lines, []);
  });

  it('fixes by appending the distribution to requirements.txt, pinned to the lockfile version when known', async () => {
    const root = tempProject({ 'poetry.lock': '[[package]]\nname = "scikit-learn"\nversion = "1.5.0"\n' });
    const requirements = 'fastapi==0.111.0';
    const { cross } = await runProject(root, { 'app/main.py': fastapiApp('from sklearn import svm\n'), 'requirements.txt': requirements });
    const [finding] = cross.get(path.join(root, 'app/main.py'))!;
    const edit = finding.fix!.edits[0];
    assert.equal(edit.path, path.join(root, 'requirements.txt'));
    assert.equal(applyEdits(requirements, [edit]), 'fastapi==0.111.0\nscikit-learn==1.5.0\n');
  });

  it("fixes a pyproject-only project in [project] dependencies or Poetry's table, keeping the layout", async () => {
    const check = async (pyproject: string, expected: string) => {
      const root = tempProject({});
      const { cross } = await runProject(root, { 'app/main.py': fastapiApp('import yaml\n'), 'pyproject.toml': pyproject });
      const [finding] = cross.get(path.join(root, 'app/main.py'))!;
      assert.equal(applyEdits(pyproject, finding.fix!.edits), expected);
    };
    await check(
      '[project]\nname = "x"\ndependencies = ["fastapi==0.111.0"]\n',
      '[project]\nname = "x"\ndependencies = ["fastapi==0.111.0", "pyyaml"]\n',
    );
    await check(
      '[project]\nname = "x"\ndependencies = [\n    "fastapi==0.111.0",  # web\n]\n',
      '[project]\nname = "x"\ndependencies = [\n    "fastapi==0.111.0",  # web\n    "pyyaml",\n]\n',
    );
    await check(
      '[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "0.111.0"\n\n[build-system]\n',
      '[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "0.111.0"\npyyaml = "*"\n\n[build-system]\n',
    );
  });

  it('leaves notebooks alone: a notebook is never production code, even one that builds an app (R2.1)', async () => {
    const nb = JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: 'x' },
        { cell_type: 'code', source: fastapiApp('import torch\n') },
      ],
      nbformat: 4,
      metadata: {},
    });
    assert.deepEqual((await runProject(ROOT, { 'serve.ipynb': nb, 'requirements.txt': 'fastapi==0.111.0\n' })).lines, []);
    // The same code as a module is serving code, and the undeclared torch is reported on its import.
    assert.deepEqual(
      (await runProject(ROOT, { 'serve.py': fastapiApp('import torch\n'), 'requirements.txt': 'fastapi==0.111.0\n' })).lines,
      ['serve.py:2:1 missing-dependency'],
    );
  });
});

describe('workspace pass: single-replica', () => {
  const deployment = (name: string, replicas: number) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers: []\n`;

  it('flags replicas: 1 on its line unless an autoscaler anywhere in the project targets the workload', async () => {
    const hpa =
      'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: scaled}\n  minReplicas: 1\n  maxReplicas: 5\n';
    const { lines } = await runProject(ROOT, {
      'k8s/a.yaml': deployment('lonely', 1),
      'k8s/b.yaml': deployment('scaled', 1),
      'k8s/c.yaml': deployment('three', 3),
      'k8s/hpa.yaml': hpa,
    });
    assert.deepEqual(lines, ['k8s/a.yaml:6:3 single-replica']);
  });

  it('flags a KServe InferenceService with minReplicas: 1 and no room to scale', async () => {
    const isvc = (extra: string) =>
      `apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: fraud}\nspec:\n  predictor:\n    minReplicas: 1\n${extra}    sklearn:\n      storageUri: gs://b/m\n`;
    assert.deepEqual((await runProject(ROOT, { 'isvc.yaml': isvc('') })).lines, ['isvc.yaml:6:5 single-replica']);
    assert.deepEqual((await runProject(ROOT, { 'isvc.yaml': isvc('    maxReplicas: 4\n') })).lines, []);
  });

  it('flags a SeldonDeployment predictor with replicas: 1 (its own, else spec.replicas) unless its components autoscale or it is a shadow', async () => {
    const sdep = (spec: string) =>
      `apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: fraud}\nspec:\n${spec}`;
    const predictors = [
      '  predictors:',
      '    - name: main',
      '      replicas: 1',
      '      componentSpecs:',
      '        - spec: {containers: [{name: c, image: c:1}]}',
      '    - name: scaled',
      '      replicas: 1',
      '      componentSpecs:',
      '        - hpaSpec: {minReplicas: 1, maxReplicas: 4}',
      '          spec: {containers: [{name: c, image: c:1}]}',
      '    - name: canary',
      '      replicas: 2',
      '    - name: mirror',
      '      replicas: 1',
      '      shadow: true',
      '',
    ].join('\n');
    const run = await runProject(ROOT, { 'sdep.yaml': sdep(predictors) });
    assert.deepEqual(run.lines, ['sdep.yaml:7:7 single-replica']);
    assert.match([...run.cross.values()][0][0].message, /^SeldonDeployment 'fraud' predictor 'main' runs one replica/);
    assert.deepEqual((await runProject(ROOT, { 'sdep.yaml': sdep('  replicas: 1\n  predictors:\n    - name: main\n') })).lines, [
      'sdep.yaml:5:3 single-replica',
    ]);
  });
});

describe('workspace pass: notebook-in-production through imports', () => {
  it('flags serving code importing notebooks or modules exported from them', async () => {
    const { lines } = await runProject(ROOT, {
      'app/main.py': fastapiApp('import import_ipynb\nfrom features import build\n'),
      'app/features.py': '# AUTOGENERATED! DO NOT EDIT! File to edit: ../nbs/01_features.ipynb.\n\ndef build():\n    return 1\n',
      'requirements.txt': 'fastapi==0.111.0\nimport-ipynb==0.1.4\n',
    });
    assert.deepEqual(lines, ['app/main.py:2:1 notebook-in-production', 'app/main.py:3:1 notebook-in-production']);
  });
});

describe('projects', () => {
  it('roots a file at the nearest marker folder at or below the checked folder', () => {
    const analysis = (file: string, kind?: string) => ({ path: path.join(ROOT, file), kind, findings: [] }) as never;
    const projects = projectsOf(
      [
        analysis('svc/requirements.txt', 'requirements'),
        analysis('svc/app/main.py', 'python'),
        analysis('gateway/package.json', 'package-json'),
        analysis('gateway/src/a.ts', 'typescript'),
        analysis('k8s/d.yaml', 'yaml'),
      ],
      { roots: [ROOT], readText: () => '', hasMarker: () => false },
    );
    assert.deepEqual(
      projects
        .map((project) => [
          path.relative(ROOT, project.root),
          project.members.map((file) => path.relative(ROOT, (file as { path: string }).path)),
        ])
        .sort(),
      [
        ['', ['k8s/d.yaml']],
        ['gateway', ['gateway/package.json', 'gateway/src/a.ts']],
        ['svc', ['svc/requirements.txt', 'svc/app/main.py']],
      ],
    );
    // The project at the checked folder sees every file under it.
    assert.equal(projects.find((project) => project.root === ROOT)!.files.length, 5);
  });
});

describe('workspace pass: print-logging in modules imported by serving code', () => {
  const helper = 'def describe(score):\n    print("score", score)\n    return score\n';

  it('flags prints of a module that a serving module imports, by absolute, from- and relative imports', async () => {
    for (const [main, expected] of [
      ['from app import helpers\n', 'app/helpers.py:2:5 print-logging'],
      ['from app.helpers import describe\n', 'app/helpers.py:2:5 print-logging'],
      ['import app.helpers\n', 'app/helpers.py:2:5 print-logging'],
      ['from . import helpers\n', 'app/helpers.py:2:5 print-logging'],
      ['from .helpers import describe\n', 'app/helpers.py:2:5 print-logging'],
      ['import helpers\n', 'app/helpers.py:2:5 print-logging'],
    ] as const) {
      const { lines, cross } = await runProject(ROOT, {
        'app/__init__.py': '',
        'app/main.py': fastapiApp(main),
        'app/helpers.py': helper,
        'requirements.txt': 'fastapi==0.111.0\n',
      });
      assert.deepEqual(lines, [expected], main);
      const [finding] = cross.get(path.join(ROOT, 'app/helpers.py'))!;
      assert.match(finding.message, /imported by serving code/);
      assert.ok(
        finding.fix?.edits.some((edit) => edit.text === 'logger.info("score %s", score)'),
        'the fix rewrites the print',
      );
    }
  });

  it('leaves alone modules no serving code imports, imports from tests or scripts, and scripts/ and tests themselves', async () => {
    const base = { 'app/helpers.py': helper, 'requirements.txt': 'fastapi==0.111.0\n' };
    // Imported only by a module without serving code.
    assert.deepEqual((await runProject(ROOT, { ...base, 'app/batch.py': 'from app import helpers\n' })).lines, []);
    // Imported by a test.
    assert.deepEqual((await runProject(ROOT, { ...base, 'tests/test_helpers.py': 'from app import helpers\n' })).lines, []);
    // A script imported by serving code is still a script.
    assert.deepEqual(
      (await runProject(ROOT, { 'scripts/report.py': helper, 'app/main.py': fastapiApp('from scripts import report\n') })).lines,
      [],
    );
    // A same-named module elsewhere in the project is not what `from . import helpers` in app/ means.
    assert.deepEqual(
      (
        await runProject(ROOT, {
          'lib/helpers.py': helper,
          'app/main.py': fastapiApp('from . import helpers\n'),
          'requirements.txt': 'fastapi==0.111.0\n',
        })
      ).lines,
      [],
    );
  });

  it('honours a suppression comment on the print', async () => {
    const files = {
      'app/main.py': fastapiApp('from app import helpers\n'),
      'app/helpers.py': 'def describe(score):\n    print("score", score)  # prodready: ignore[print-logging]\n',
    };
    assert.deepEqual((await runProject(ROOT, files)).lines, []);
  });
});
