import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Node } from '@vscode/tree-sitter-wasm';
import { captureTree, parsePython } from '../../../src/parsers/python/analyze';
import { PythonModule, type Capture } from '../../../src/parsers/python/module';

async function moduleOf(text: string, path = 'svc/serve.py'): Promise<PythonModule> {
  const tree = await parsePython(text);
  const captures: Capture[] = await captureTree(tree);
  return new PythonModule(path, text, captures);
}

function serving(module: PythonModule): Record<string, string | undefined> {
  return Object.fromEntries(module.functions.map((f) => [f.classInfo ? `${f.classInfo.name}.${f.name}` : f.name, f.serving]));
}

/** Qualified name of each call's callee, in source order. */
function callees(module: PythonModule): string[] {
  return module.captures
    .filter((c) => c.kind === 'call')
    .map((c) => {
      const scope = module.functionAt(c.start);
      return `${(c.node.childForFieldName('function') as Node).text} -> ${module.qualify(c.node.childForFieldName('function'), scope) ?? '?'}`;
    });
}

describe('Python module facts', () => {
  it('resolves import aliases, from-imports, sessions bound to names, self attributes and with-targets', async () => {
    const module = await moduleOf(
      [
        'import requests as rq',
        'from requests import post as send',
        'import urllib.request',
        'import aiohttp',
        's = rq.Session()',
        'class Client:',
        '    def __init__(self):',
        '        self.http = rq.Session()',
        '    def call(self):',
        '        self.http.get("u")',
        'async def f():',
        '    async with aiohttp.ClientSession() as session:',
        '        await session.get("u")',
        '    send("u")',
        '    s.put("u")',
        '    urllib.request.urlopen("u")',
      ].join('\n'),
    );
    assert.deepEqual(callees(module), [
      'rq.Session -> requests.Session',
      'rq.Session -> requests.Session',
      'self.http.get -> requests.Session().get',
      'aiohttp.ClientSession -> aiohttp.ClientSession',
      'session.get -> aiohttp.ClientSession().get',
      'send -> requests.post',
      's.put -> requests.Session().put',
      'urllib.request.urlopen -> urllib.request.urlopen',
    ]);
  });

  it('lets parameters and local assignments shadow imports', async () => {
    const module = await moduleOf(
      [
        'import requests',
        'def f(requests):',
        '    requests.get("u")',
        'def g():',
        '    requests = make()',
        '    requests.get("u")',
        'def h():',
        '    requests.get("u")',
      ].join('\n'),
    );
    assert.deepEqual(
      callees(module).filter((c) => c.startsWith('requests.get')),
      ['requests.get -> ?', 'requests.get -> make().get', 'requests.get -> requests.get'],
    );
  });

  it('detects FastAPI, Flask, BentoML, Ray Serve, KServe, TorchServe, Lambda, aiohttp and Seldon serving code, not startup hooks', async () => {
    const module = await moduleOf(
      [
        'import bentoml',
        'from fastapi import FastAPI, APIRouter',
        'from flask import Blueprint',
        'from ray import serve',
        'import kserve',
        'from ts.torch_handler.base_handler import BaseHandler',
        'from aiohttp import web',
        'from myapp import app as factory_app',
        'app = FastAPI()',
        'router = APIRouter()',
        'bp = Blueprint("x", __name__)',
        'routes = web.RouteTableDef()',
        '@app.post("/predict")',
        'async def predict(): ...',
        '@router.get("/items")',
        'def items(): ...',
        '@bp.route("/flask")',
        'def flask_view(): ...',
        '@factory_app.get("/v1/health")',
        'def traced(): ...',
        '@app.on_event("startup")',
        'def startup(): ...',
        '@bentoml.api',
        'def bento(): ...',
        '@routes.post("/aio")',
        'async def aio(request): ...',
        'async def added(request): ...',
        'web_app = web.Application()',
        'web_app.router.add_post("/added", added)',
        '@serve.deployment',
        'class Deployment:',
        '    def __init__(self): ...',
        '    async def __call__(self, request): ...',
        'class Model(kserve.Model):',
        '    def load(self): ...',
        '    def predict(self, payload, headers=None): ...',
        'class Handler(BaseHandler):',
        '    def initialize(self, context): ...',
        '    def inference(self, data): ...',
        '    def helper(self): ...',
        'class Serve:',
        '    def predict(self, X): ...',
        'def lambda_handler(event, context): ...',
        'def handle(data, context): ...',
        'def utility(x): ...',
        '@app.get',
        'def not_a_route_call(): ...',
      ].join('\n'),
      'models/serve.py',
    );
    assert.deepEqual(serving(module), {
      predict: 'route',
      items: 'route',
      flask_view: 'route',
      traced: 'route',
      startup: undefined,
      bento: 'route',
      aio: 'route',
      added: 'aiohttp',
      'Deployment.__init__': undefined,
      'Deployment.__call__': 'ray-serve',
      'Model.load': undefined,
      'Model.predict': 'model-server',
      'Handler.initialize': undefined,
      'Handler.inference': 'model-server',
      'Handler.helper': undefined,
      'Serve.predict': 'model-server',
      lambda_handler: 'lambda',
      handle: 'torchserve',
      utility: undefined,
      not_a_route_call: undefined,
    });
  });

  it("Seldon's convention (a class named like its file) needs the class to predict: a compiler's preprocess() is not serving", async () => {
    const seldon = await moduleOf(
      ['class MyModel:', '    def preprocess(self, X): ...', '    def predict(self, X, features_names=None): ...'].join('\n'),
      'models/MyModel.py',
    );
    assert.deepEqual(serving(seldon), { 'MyModel.preprocess': 'model-server', 'MyModel.predict': 'model-server' });
    const compiler = await moduleOf(
      ['class BCPPCompiler(CCompiler):', '    def preprocess(self, source): ...', '    def compile(self, sources): ...'].join('\n'),
      'distutils/bcppcompiler.py',
    );
    assert.deepEqual(serving(compiler), { 'BCPPCompiler.preprocess': undefined, 'BCPPCompiler.compile': undefined });
  });

  it('does not treat Gradio or Streamlit apps, or unrelated .get decorators, as serving code', async () => {
    const module = await moduleOf(
      [
        'import gradio as gr',
        'import functools',
        'cache = {}',
        '@functools.lru_cache()',
        'def load(): ...',
        'def predict(x): ...',
        'demo = gr.Interface(fn=predict, inputs="text", outputs="text")',
        '@cache.get("key")',
        'def other(): ...',
      ].join('\n'),
    );
    assert.deepEqual(serving(module), { load: undefined, predict: undefined, other: undefined });
  });

  it('finds the __main__ guard and nested serving scope', async () => {
    const module = await moduleOf(
      [
        'from flask import Flask',
        'app = Flask(__name__)',
        '@app.route("/")',
        'def index():',
        '    def inner():',
        '        return 1',
        '    return inner()',
        'if __name__ == "__main__":',
        '    app.run()',
      ].join('\n'),
    );
    const inner = module.functions.find((f) => f.name === 'inner');
    assert.equal(module.servingFunctionOf(inner)?.name, 'index');
    assert.equal(module.inMainGuard(module.text.indexOf('app.run')), true);
    assert.equal(module.inMainGuard(module.text.indexOf('def index')), false);
  });
});
