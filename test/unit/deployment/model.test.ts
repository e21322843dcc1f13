import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { deploymentOf, summary, targetAt } from './util';

const fastapiApp = (routes: string) => `from fastapi import FastAPI\n\napp = FastAPI()\n\n${routes}`;

describe('deployment model: a multi-target Dockerfile', () => {
  const files = {
    Dockerfile: [
      'FROM python:3.11-slim AS base',
      'WORKDIR /srv',
      'COPY requirements.txt .',
      'RUN pip install --require-hashes -r requirements.txt',
      'COPY app/ /srv/app/',
      '',
      'FROM base AS api',
      'EXPOSE 8080',
      'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8080"]',
      '',
      'FROM base AS worker',
      'CMD ["python", "-m", "app.worker"]',
      '',
      'FROM base AS tests',
      'RUN pytest',
      '',
    ].join('\n'),
    Makefile: 'IMAGE = acme/api\n\nbuild:\n\tdocker build --target api -t $(IMAGE):latest .\n',
    '.github/workflows/ci.yml':
      'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build --target=worker -t acme/worker .\n',
    'requirements.txt': 'fastapi==0.111.0 --hash=sha256:00\n',
    'app/__init__.py': '',
    'app/main.py':
      'from fastapi import FastAPI\nfrom app.routes import router\nfrom . import models\n\napp = FastAPI()\napp.include_router(router, prefix="/v1")\n\n@app.get("/")\ndef index():\n    return models.VERSION\n',
    'app/routes.py':
      'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n@router.get("/healthz")\ndef healthz():\n    return {"ok": True}\n',
    'app/models.py': 'VERSION = "1"\n',
    'app/worker.py': 'from app.models import VERSION\n\nif __name__ == "__main__":\n    print(VERSION)\n',
    'tests/test_main.py': 'from app.main import app\n',
    'scripts/seed.py': 'from app.models import VERSION\n',
  };

  it('deploys every named target stage and the final one, each with its own command', async () => {
    const { model, file } = await deploymentOf(files);
    assert.equal(model.deployed, true);
    assert.deepEqual(model.targetStages(file('Dockerfile')), [1, 2, 3]);
    assert.deepEqual(summary(targetAt(model, 'Dockerfile:9')), {
      kind: 'dockerfile',
      via: 'Dockerfile:9 uvicorn app.main:app --host 0.0.0.0 --port 8080',
      entryModules: ['app/main.py'],
      scriptEntries: [],
      deployedFiles: ['app/__init__.py', 'app/main.py', 'app/models.py', 'app/routes.py'],
      installed: ['requirements.txt (lockfile)'],
      port: 8080,
      healthRoute: '/v1/healthz',
      gpu: false,
    });
    assert.deepEqual(summary(targetAt(model, 'Dockerfile:12')), {
      kind: 'dockerfile',
      via: 'Dockerfile:12 python -m app.worker',
      entryModules: ['app/worker.py'],
      scriptEntries: ['app/worker.py'],
      deployedFiles: ['app/__init__.py', 'app/models.py', 'app/worker.py'],
      installed: ['requirements.txt (lockfile)'],
      port: undefined,
      healthRoute: undefined,
      gpu: false,
    });
    const tests = targetAt(model, 'Dockerfile:14');
    assert.deepEqual(tests.entryModules, []);
    assert.equal(tests.runsServer, false);
    assert.equal(targetAt(model, 'Dockerfile:9').runsServer, true);
    assert.deepEqual(targetAt(model, 'Dockerfile:9').routes, ['/', '/v1/healthz']);
  });

  it('scopes production code to what the targets run, and keeps tests and scripts out', async () => {
    const { model, file } = await deploymentOf(files);
    assert.deepEqual(model.scopeOf(file('app/models.py')), {
      kind: 'deployed',
      via: 'Dockerfile:9 uvicorn app.main:app --host 0.0.0.0 --port 8080',
    });
    assert.equal(model.scopeOf(file('tests/test_main.py')), undefined);
    assert.equal(model.scopeOf(file('scripts/seed.py')), undefined);
    assert.equal(model.isRunnable(file('scripts/seed.py')), false);
    assert.equal(model.isRunnable(file('app/models.py')), true);
    assert.equal(model.mainBlockIsProduction(file('app/worker.py')), true);
    assert.equal(model.mainBlockIsProduction(file('app/main.py')), false);
    assert.deepEqual(model.manifest(file('requirements.txt')), { installed: true, throughLockfile: true });
  });

  it('without any named target, deploys each stage with its own command that nothing builds on', async () => {
    const { model, file } = await deploymentOf({
      ...files,
      Makefile: 'build:\n\tdocker build -t acme .\n',
      '.github/workflows/ci.yml': 'on: push\n',
    });
    assert.deepEqual(model.targetStages(file('Dockerfile')), [1, 2, 3]);
    const chained = await deploymentOf({
      Dockerfile: 'FROM python:3.11 AS base\nCMD ["python", "a.py"]\nFROM base AS final\nCOPY b.py .\n',
      'a.py': '',
      'b.py': '',
    });
    assert.deepEqual(chained.model.targetStages(chained.file('Dockerfile')), [1]);
  });
});

describe('deployment model: compose with build.target', () => {
  const files = {
    'docker-compose.yml': [
      'services:',
      '  web:',
      '    build:',
      '      context: .',
      '      target: serve',
      '    ports: ["8000:8000"]',
      '    depends_on: [model]',
      '  model:',
      '    image: vllm/vllm-openai:v0.6.3',
      '    deploy:',
      '      resources:',
      '        reservations:',
      '          devices:',
      '            - driver: nvidia',
      '              count: 1',
      '              capabilities: [gpu]',
      '',
    ].join('\n'),
    Dockerfile: [
      'FROM python:3.11 AS build',
      'WORKDIR /build',
      'COPY pyproject.toml poetry.lock ./',
      'RUN pip install poetry==1.8.3 && poetry install --only main',
      '',
      'FROM python:3.11-slim AS serve',
      'WORKDIR /app',
      'COPY --from=build /build/.venv /app/.venv',
      'COPY src/ ./src/',
      'CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "-b", "0.0.0.0:8000", "src.server:app"]',
      '',
      'FROM serve AS debug',
      'CMD ["python", "-m", "debugpy", "--listen", "5678", "-m", "src.server"]',
      '',
    ].join('\n'),
    'pyproject.toml':
      '[tool.poetry]\nname = "acme"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "^0.111"\n',
    'poetry.lock': '[[package]]\nname = "fastapi"\nversion = "0.111.0"\n',
    'src/__init__.py': '',
    'src/server.py': fastapiApp('@app.get("/health")\ndef health():\n    return {}\n'),
  };

  it('runs the named stage in the service, with the builder stage installs and a model server beside it', async () => {
    const { model, file } = await deploymentOf(files);
    assert.deepEqual(model.targetStages(file('Dockerfile')), [1, 2]);
    assert.deepEqual(summary(targetAt(model, 'docker-compose.yml:2')), {
      kind: 'compose',
      via: 'docker-compose.yml:2',
      entryModules: ['src/server.py'],
      scriptEntries: [],
      deployedFiles: ['src/__init__.py', 'src/server.py'],
      installed: ['pyproject.toml (lockfile)'],
      port: 8000,
      healthRoute: '/health',
      gpu: false,
    });
    const vllm = targetAt(model, 'docker-compose.yml:8');
    assert.deepEqual([vllm.modelServer, vllm.port, vllm.healthRoute, vllm.gpu, vllm.runsServer], ['vLLM', 8000, '/health', true, true]);
    const stage = targetAt(model, 'Dockerfile:10');
    assert.equal(stage.dockerRun, true);
    assert.deepEqual(stage.platforms, ['docker']);
    // The debug stage is the final one; nothing runs it with Docker.
    assert.equal(targetAt(model, 'Dockerfile:13').dockerRun, false);
    assert.deepEqual(model.manifest(file('pyproject.toml')), { installed: true, throughLockfile: true });
  });
});

describe('deployment model: a Kubernetes command on the project image', () => {
  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: scorer}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: registry.example/acme/scorer:1.2',
    '          command: ["python"]',
    '          args: ["-m", "scorer.serve"]',
    '          ports: [{containerPort: 9000}]',
    '          readinessProbe:',
    '            httpGet: {path: /ready, port: 9000}',
    '          resources:',
    '            limits: {memory: 4Gi, nvidia.com/gpu: 1}',
    '',
  ].join('\n');
  const files = {
    Dockerfile:
      'FROM python:3.11-slim\nWORKDIR /opt/scorer\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY scorer /opt/scorer/scorer\nCMD ["python", "-m", "scorer.batch"]\n',
    'build.sh': '#!/bin/sh\nset -e\ndocker build -t registry.example/acme/scorer:1.2 .\n',
    'k8s/deployment.yaml': deployment,
    'requirements.txt': 'fastapi\n',
    'requirements-dev.txt': 'pytest\n',
    'scorer/__init__.py': '',
    'scorer/serve.py':
      'import os\nimport uvicorn\nfrom fastapi import FastAPI\nfrom scorer.model import predict\n\napp = FastAPI()\n\n@app.get("/ready")\ndef ready():\n    return {}\n\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "9000")))\n',
    'scorer/model.py': 'import torch\n\ndef predict(x):\n    return torch.tensor(x).to("cuda")\n',
    'scorer/batch.py': 'print("batch")\n',
  };

  it('resolves command + args against the image layout, with the port from code and the GPU limit', async () => {
    const { model, file, offset } = await deploymentOf(files);
    const container = targetAt(model, 'k8s/deployment.yaml:10');
    assert.deepEqual(summary(container), {
      kind: 'kubernetes',
      via: 'k8s/deployment.yaml:10 python -m scorer.serve',
      entryModules: ['scorer/serve.py'],
      scriptEntries: ['scorer/serve.py'],
      deployedFiles: ['scorer/__init__.py', 'scorer/model.py', 'scorer/serve.py'],
      installed: ['requirements.txt'],
      port: 9000,
      healthRoute: '/ready',
      gpu: true,
    });
    assert.equal(container.portSource, 'code');
    assert.equal(container.dockerfile, 'Dockerfile');
    assert.equal(model.workloadFor(file('k8s/deployment.yaml'), offset('k8s/deployment.yaml', 'path: /ready')), container);
    assert.equal(model.gpuDeclared(file('scorer/model.py')), true);
    assert.equal(model.gpuDeclared(file('scorer/batch.py')), false);
    const image = targetAt(model, 'Dockerfile:6');
    assert.deepEqual([image.entryModules, image.platforms, image.dockerRun], [['scorer/batch.py'], ['kubernetes'], false]);
    assert.deepEqual(model.manifest(file('requirements-dev.txt')), { installed: false, throughLockfile: false });
  });
});

describe('deployment model: Procfile', () => {
  it('runs each process line in the project folder; the buildpack installs the manifests beside it', async () => {
    const { model, file } = await deploymentOf({
      Procfile: 'web: gunicorn wsgi:app --bind 0.0.0.0:$PORT\nworker: python worker.py\n',
      'requirements.txt': 'flask==3.0.3\n',
      'wsgi.py':
        'from flask import Flask\nfrom tasks import enqueue\n\napp = Flask(__name__)\n\n@app.route("/status")\ndef status():\n    return "ok"\n',
      'tasks.py': 'def enqueue():\n    pass\n',
      'worker.py': 'from tasks import enqueue\n\nif __name__ == "__main__":\n    enqueue()\n',
    });
    assert.deepEqual(summary(targetAt(model, 'Procfile:1')), {
      kind: 'procfile',
      via: 'Procfile:1 gunicorn wsgi:app --bind 0.0.0.0:$PORT',
      entryModules: ['wsgi.py'],
      scriptEntries: [],
      deployedFiles: ['tasks.py', 'wsgi.py'],
      installed: ['requirements.txt'],
      // The port comes from the platform at run time: unknown, not gunicorn's default.
      port: undefined,
      healthRoute: '/status',
      gpu: false,
    });
    assert.deepEqual(targetAt(model, 'Procfile:2').scriptEntries, ['worker.py']);
    assert.equal(model.mainBlockIsProduction(file('worker.py')), true);
  });
});

describe('deployment model: bentofile', () => {
  it('serves the bentofile service, installs its requirements, and scopes the GPU to the decorated class', async () => {
    const service =
      'import bentoml\nfrom helpers import clean\n\n@bentoml.service(resources={"gpu": 1}, traffic={"timeout": 300})\nclass Summarizer:\n    @bentoml.api\n    def summarize(self, text: str) -> str:\n        return clean(text)\n';
    const { model, file, offset } = await deploymentOf({
      'bentofile.yaml': 'service: "service:Summarizer"\npython:\n  requirements_txt: ./requirements.txt\n',
      'requirements.txt': 'bentoml==1.3.0\n',
      'service.py': service,
      'helpers.py': 'def clean(text):\n    return text.strip()\n',
    });
    const target = targetAt(model, 'bentofile.yaml:1');
    assert.deepEqual(summary(target), {
      kind: 'bentofile',
      via: 'bentofile.yaml:1 bentoml serve service:Summarizer',
      entryModules: ['service.py'],
      scriptEntries: [],
      deployedFiles: ['helpers.py', 'service.py'],
      installed: ['requirements.txt'],
      port: 3000,
      healthRoute: '/healthz',
      gpu: false,
    });
    assert.deepEqual(target.gpuInCode, ['service.py']);
    assert.equal(model.gpuDeclared(file('service.py'), offset('service.py', 'return clean')), true);
    assert.equal(model.gpuDeclared(file('service.py'), offset('service.py', 'from helpers')), false);
    assert.equal(model.gpuDeclared(file('helpers.py')), false);
  });
});

describe('deployment model: Ray Serve config', () => {
  it('serves each application import path, with the runtime_env requirements and Serve health route', async () => {
    const { model } = await deploymentOf({
      'serve_config.yaml':
        'applications:\n  - name: summarize\n    route_prefix: /\n    import_path: serving.app:deployment\n    runtime_env:\n      working_dir: .\n      pip: requirements.txt\n',
      'requirements.txt': 'ray[serve]==2.9.0\n',
      'serving/__init__.py': '',
      'serving/app.py':
        'from ray import serve\n\n@serve.deployment(ray_actor_options={"num_gpus": 1})\nclass Summarizer:\n    async def __call__(self, request):\n        return "ok"\n\ndeployment = Summarizer.bind()\n',
    });
    const target = targetAt(model, 'serve_config.yaml:4');
    assert.deepEqual(summary(target), {
      kind: 'ray-serve',
      via: 'serve_config.yaml:4 serve run serving.app:deployment',
      entryModules: ['serving/app.py'],
      scriptEntries: [],
      deployedFiles: ['serving/__init__.py', 'serving/app.py'],
      installed: ['requirements.txt'],
      port: 8000,
      healthRoute: '/-/healthz',
      gpu: false,
    });
    assert.deepEqual(target.gpuInCode, ['serving/app.py']);
  });
});

describe('deployment model: Lambda image', () => {
  it('resolves the handler module under the task root; Lambda runs no server and ignores HEALTHCHECK', async () => {
    const { model, file } = await deploymentOf({
      Dockerfile:
        'FROM public.ecr.aws/lambda/python:3.12\nCOPY requirements.txt ${LAMBDA_TASK_ROOT}\nRUN pip install -r requirements.txt\nCOPY src/handler.py src/infer.py ${LAMBDA_TASK_ROOT}/\nCMD ["handler.lambda_handler"]\n',
      'requirements.txt': 'onnxruntime==1.18.0\n',
      'src/handler.py': 'from infer import run\n\ndef lambda_handler(event, context):\n    return run(event)\n',
      'src/infer.py': 'def run(event):\n    return {}\n',
    });
    const target = targetAt(model, 'Dockerfile:5');
    assert.deepEqual(summary(target), {
      kind: 'lambda',
      via: 'Dockerfile:5 handler.lambda_handler',
      entryModules: ['src/handler.py'],
      scriptEntries: [],
      deployedFiles: ['src/handler.py', 'src/infer.py'],
      installed: ['requirements.txt'],
      port: undefined,
      healthRoute: undefined,
      gpu: false,
    });
    assert.deepEqual([target.platforms, target.runsServer, target.dockerRun], [['lambda'], false, false]);
    assert.deepEqual(model.manifest(file('requirements.txt')), { installed: true, throughLockfile: false });
  });
});

describe('deployment model: Next.js', () => {
  it('runs route handlers and server actions; "use client" code and what only it imports never ship', async () => {
    const { model, file } = await deploymentOf({
      'package.json':
        '{"name": "web", "scripts": {"dev": "next dev", "start": "next start -p 4000"}, "dependencies": {"next": "14.2.3"}}\n',
      'package-lock.json': '{"name": "web", "lockfileVersion": 3, "packages": {}}\n',
      'tsconfig.json': '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}\n',
      'app/api/generate/route.ts':
        'import { complete } from "../../../lib/model";\nimport { prompt } from "@/lib/prompt";\n\nexport async function POST(req: Request) {\n  return Response.json(await complete(prompt(await req.text())));\n}\n',
      'app/actions.ts':
        '"use server";\nimport { complete } from "../lib/model";\n\nexport async function ask(q: string) {\n  return complete(q);\n}\n',
      'app/page.tsx': '"use client";\nimport { format } from "../lib/ui";\n\nexport default function Page() {\n  return format("hi");\n}\n',
      'lib/model.ts': 'export async function complete(text: string) {\n  return text;\n}\n',
      'lib/prompt.ts': 'export function prompt(text: string) {\n  return text;\n}\n',
      'lib/ui.ts': 'export function format(text: string) {\n  return text;\n}\n',
    });
    assert.deepEqual(summary(targetAt(model, 'package.json:1')), {
      kind: 'package-json',
      via: 'package.json:1 next start -p 4000',
      entryModules: ['app/actions.ts', 'app/api/generate/route.ts'],
      scriptEntries: [],
      deployedFiles: ['app/actions.ts', 'app/api/generate/route.ts', 'lib/model.ts', 'lib/prompt.ts'],
      installed: ['package.json (lockfile)'],
      port: 4000,
      healthRoute: undefined,
      gpu: false,
    });
    assert.equal(model.isRunnable(file('lib/ui.ts')), false);
    assert.equal(model.isRunnable(file('app/page.tsx')), false);
    assert.equal(model.isRunnable(file('lib/model.ts')), true);
    assert.equal(model.scopeOf(file('lib/ui.ts')), undefined);
  });
});

describe('deployment model: a shell-script entrypoint', () => {
  it('follows the script to what it runs, and knows the project runs the image with docker run', async () => {
    const { model } = await deploymentOf({
      Dockerfile:
        'FROM python:3.12-slim\nCOPY docker/start.sh /start.sh\nCOPY . /code\nWORKDIR /code\nRUN pip install -r requirements.txt\nENTRYPOINT ["/start.sh"]\n',
      'docker/start.sh': '#!/bin/sh\nset -e\npython manage_db.py migrate\nexec hypercorn service.api:app --bind 0.0.0.0:7000\n',
      'run-local.sh': '#!/bin/sh\ndocker build -t acme/svc .\ndocker run --rm -p 7000:7000 acme/svc\n',
      'requirements.txt': 'hypercorn==0.17.3\n',
      'manage_db.py': 'import sys\n\nif __name__ == "__main__":\n    print(sys.argv)\n',
      'service/__init__.py': '',
      'service/api.py':
        'from starlette.applications import Starlette\nfrom starlette.routing import Route\n\nasync def ping(request):\n    return None\n\napp = Starlette(routes=[Route("/ping", ping)])\n',
    });
    const target = targetAt(model, 'Dockerfile:6');
    assert.deepEqual(summary(target), {
      kind: 'dockerfile',
      via: 'Dockerfile:6 /start.sh',
      entryModules: ['manage_db.py', 'service/api.py'],
      scriptEntries: ['manage_db.py'],
      deployedFiles: ['manage_db.py', 'service/__init__.py', 'service/api.py'],
      installed: ['requirements.txt'],
      port: 7000,
      healthRoute: '/ping',
      gpu: false,
    });
    assert.deepEqual([target.runsServer, target.dockerRun, target.platforms], [true, true, ['docker']]);
  });
});

describe('deployment model: what never ships', () => {
  const files = {
    Dockerfile:
      'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD uvicorn app.main:app --host 0.0.0.0\n',
    'requirements.txt': 'fastapi==0.111.0\n',
    'requirements-train.txt': 'kfp==2.7.0\n',
    'app/__init__.py': '',
    'app/main.py': 'from fastapi import FastAPI\nfrom app.features import build\n\napp = FastAPI()\n',
    'app/features.py': 'def build(x):\n    return x\n',
    'pipelines/train.py': 'from kfp import dsl\nfrom app.features import build\n',
    'scripts/dev.py': 'from app.main import app\nimport uvicorn\nuvicorn.run(app, reload=True)\n',
    'ui/Widget.tsx': '"use client";\nexport function Widget() {\n  return null;\n}\n',
    'notebooks/explore.ipynb': JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }),
  };

  it('keeps a training pipeline, a dev script, a browser component and an uninstalled requirements file out', async () => {
    const { model, file } = await deploymentOf(files);
    assert.deepEqual(summary(targetAt(model, 'Dockerfile:5')), {
      kind: 'dockerfile',
      via: 'Dockerfile:5 uvicorn app.main:app --host 0.0.0.0',
      entryModules: ['app/main.py'],
      scriptEntries: [],
      deployedFiles: ['app/__init__.py', 'app/features.py', 'app/main.py'],
      installed: ['requirements.txt'],
      port: 8000,
      healthRoute: undefined,
      gpu: false,
    });
    for (const rel of ['pipelines/train.py', 'scripts/dev.py', 'ui/Widget.tsx', 'notebooks/explore.ipynb']) {
      assert.equal(model.scopeOf(file(rel)), undefined, rel);
      assert.equal(model.isRunnable(file(rel)), false, rel);
    }
    assert.equal(model.isRunnable(file('app/features.py')), true);
    assert.deepEqual(model.manifest(file('requirements.txt')), { installed: true, throughLockfile: false });
    assert.deepEqual(model.manifest(file('requirements-train.txt')), { installed: false, throughLockfile: false });
  });

  it('in a project with no resolvable entrypoint, serving modules and their imports are production code', async () => {
    const { model, file } = await deploymentOf({
      'requirements.txt': 'flask==3.0.3\n',
      'Pipfile.lock': '{}\n',
      'serve.py':
        'from flask import Flask\nfrom model import predict\n\napp = Flask(__name__)\n\n@app.post("/predict")\ndef run():\n    return predict()\n',
      'model.py': 'def predict():\n    return 1\n',
      'train.py': 'from model import predict\n',
      'k8s/job.yaml':
        'apiVersion: batch/v1\nkind: Job\nmetadata: {name: train}\nspec:\n  template:\n    spec:\n      containers:\n        - name: train\n          image: acme/train:1\n          command: ["python", "missing.py"]\n',
    });
    assert.equal(model.deployed, false);
    assert.match(
      model.reason!,
      /no Dockerfile\/compose\/Kubernetes\/Procfile.* resolves to a file of the project; found k8s\/job\.yaml:10 \(missing\.py: not a file of the project\)/,
    );
    assert.deepEqual(model.scopeOf(file('serve.py')), { kind: 'serving' });
    assert.deepEqual(model.scopeOf(file('model.py')), { kind: 'serving' });
    assert.equal(model.scopeOf(file('train.py')), undefined);
    assert.equal(model.isRunnable(file('train.py')), true);
    assert.deepEqual(model.manifest(file('requirements.txt')), { installed: true, throughLockfile: false });
    assert.equal(targetAt(model, 'k8s/job.yaml:10').batch, true);
  });
});
