import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parsePython } from '../../../src/parsers/python/analyze';
import { assertClean, assertFixed, findings, located } from '../helpers';

const RULE = 'hardcoded-path';

describe('hardcoded-path (python)', () => {
  it('(a) flags machine-specific prefixes wherever the literal is', async () => {
    const code = [
      'import torch',
      'MODEL = "/home/alice/models/m.pt"',
      'model = torch.load("/Users/bob/m.pt")',
      'paths = ["/mnt/shared/a.csv", "~/data/b.csv"]',
      "WIN = 'C:\\\\Users\\\\me\\\\m.onnx'",
      'df = "/content/drive/MyDrive/train.csv"',
      'out = f"/home/{user}/out"',
      'base = "/kaggle/input/" + name',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '2:9', text: '"/home/alice/models/m.pt"' },
      { at: '3:20', text: '"/Users/bob/m.pt"' },
      { at: '4:10', text: '"/mnt/shared/a.csv"' },
      { at: '4:31', text: '"~/data/b.csv"' },
      { at: '5:7', text: "'C:\\\\Users\\\\me\\\\m.onnx'" },
      { at: '6:6', text: '"/content/drive/MyDrive/train.csv"' },
      { at: '7:7', text: 'f"/home/{user}/out"' },
      { at: '8:8', text: '"/kaggle/input/"' },
    ]);
  });

  it('(b) flags other absolute paths only where they are used as paths', async () => {
    const code = [
      'import joblib',
      'from pathlib import Path',
      'MODEL_DIR = "/opt/models/current"',
      'clf = joblib.load("/opt/ml/model.joblib")',
      'root = Path("/srv/app/static")',
      'def load(cache_dir="/var/cache/hf"):',
      '    return open(file="/srv/data/x.bin")',
      'cfg = {"output_path": "/var/out/results"}',
      'ROUTE = "/v1/predict"',
      'name = "/srv/app/static"',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '3:13', text: '"/opt/models/current"' },
      { at: '4:19', text: '"/opt/ml/model.joblib"' },
      { at: '5:13', text: '"/srv/app/static"' },
      { at: '6:20', text: '"/var/cache/hf"' },
      { at: '7:22', text: '"/srv/data/x.bin"' },
      { at: '8:23', text: '"/var/out/results"' },
    ]);
  });

  it('(c) flags relative model/data files passed to loaders and openers', async () => {
    const code = [
      'import pandas as pd',
      'import torch',
      'from transformers import AutoModel',
      'df = pd.read_csv("data/train.csv")',
      'm = torch.load("model.pt", map_location="cpu")',
      'with open("weights.pkl", "rb") as f:',
      '    pass',
      'bert = AutoModel.from_pretrained("bert-base-uncased")',
      'org = AutoModel.from_pretrained("org/model")',
      'cfg = open("config.yaml")',
      'name = "model.pt"',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '4:18', text: '"data/train.csv"' },
      { at: '5:16', text: '"model.pt"' },
      { at: '6:11', text: '"weights.pkl"' },
    ]);
  });

  it('(c) follows a relative model file bound to a name into the loader, flagging the literal once', async () => {
    const code = [
      'import joblib',
      'import os',
      'MODEL_FILE = "model.joblib"',
      'VOCAB = "vocab.csv"',
      'BASE = os.path.dirname(__file__)',
      'def load():',
      '    return joblib.load(MODEL_FILE), joblib.load(MODEL_FILE)',
      'def joined():',
      '    return joblib.load(os.path.join(BASE, VOCAB))',
      'def shadow(MODEL_FILE):',
      '    return joblib.load(MODEL_FILE)',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [{ at: '3:14', text: '"model.joblib"' }]);
    const fixed = await assertFixed(RULE, code);
    assert.match(fixed, /^MODEL_FILE = os\.environ\.get\("MODEL_FILE", "model\.joblib"\)$/m);
  });

  it('never flags env/config defaults, routes, system paths, URLs, docstrings, comparisons or tests', async () => {
    const code = [
      '"""Loads /home/alice/models/m.pt by default."""',
      'import os',
      'import argparse',
      'from fastapi import FastAPI',
      'from pydantic_settings import BaseSettings',
      'app = FastAPI()',
      'MODEL_PATH = os.environ.get("MODEL_PATH", "/mnt/m.pt")',
      'DATA = os.getenv("DATA", "/data/x.csv")',
      'CACHE = os.environ.get("CACHE") or "/home/u/.cache"',
      'parser = argparse.ArgumentParser()',
      'parser.add_argument("--model", default="/home/alice/m.pt")',
      'class Settings(BaseSettings):',
      '    model_path: str = "/mnt/models/m.pt"',
      '@app.get("/data/items")',
      'def items():',
      '    return {}',
      'app.add_api_route("/home/page", items)',
      'LOG_FILE = "/dev/null"',
      'cpu = open("/proc/cpuinfo")',
      'hosts = open("/etc/hosts")',
      'URL = "https://example.com/home/x.pt"',
      'BUCKET = "s3://bucket/models/m.pt"',
      'HERE = os.path.join(os.path.dirname(__file__), "models", "m.pt")',
      'api = FastAPI(root_path="/api/v1")',
      'HEALTH_CHECK_PATH = "/health/live"',
      'STATIC_URL_PATH = "/static/files"',
      'ENDPOINT = dict(model_path="/v1/models/m")',
      'if p.startswith("/home/"):',
      '    pass',
      'if p == "/mnt/x/y":',
      '    pass',
      'print("/home/alice is the home")',
      '# open("/home/alice/m.pt")',
      '',
    ].join('\n');
    await assertClean(RULE, code);
    await assertClean(RULE, 'import torch\nm = torch.load("/home/alice/m.pt")\n', 'tests/test_model.py');
  });

  it('fixes to os.environ.get with a name from the target or the file kind, adding import os', async () => {
    const code = [
      '"""Svc."""',
      'import torch',
      'MODEL_PATH = "/home/alice/models/m.pt"',
      'model_dir = "/mnt/models"',
      'm = torch.load("weights.pt")',
      'path = "/data/train.csv"',
      '',
    ].join('\n');
    const fixed = await assertFixed(RULE, code);
    assert.equal(
      fixed,
      [
        '"""Svc."""',
        // The standard library's section, above the third-party one (isort/ruff).
        'import os',
        '',
        'import torch',
        'MODEL_PATH = os.environ.get("MODEL_PATH", "/home/alice/models/m.pt")',
        'model_dir = os.environ.get("MODEL_DIR", "/mnt/models")',
        // MODEL_PATH already names another path: this one gets a variable of its own, from its file.
        'm = torch.load(os.environ.get("WEIGHTS_PATH", "weights.pt"))',
        'path = os.environ.get("DATA_PATH", "/data/train.csv")',
        '',
      ].join('\n'),
    );
  });

  it('adds import os between top-level statements, never inside one (a module opening with a multi-line dict)', async () => {
    // The shape of CPython's _sysconfigdata__*.py: a comment, then one dict literal over many lines.
    const code = [
      '# system configuration generated and used by the sysconfig module',
      "build_time_vars = {'ABIFLAGS': '',",
      " 'AR': 'ar',",
      " 'BINDIR': '/root/.pyenv/versions/3.11.7/bin',",
      " 'LIBDIR': '/root/.pyenv/versions/3.11.7/lib'}",
      '',
    ].join('\n');
    const fixed = await assertFixed(RULE, code);
    assert.equal(
      fixed,
      [
        '# system configuration generated and used by the sysconfig module',
        'import os',
        "build_time_vars = {'ABIFLAGS': '',",
        " 'AR': 'ar',",
        ` 'BINDIR': os.environ.get("BINDIR", '/root/.pyenv/versions/3.11.7/bin'),`,
        ` 'LIBDIR': os.environ.get("LIBDIR", '/root/.pyenv/versions/3.11.7/lib')}`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(await topLevelStatements(fixed), ['import_statement', 'expression_statement']);
  });

  it('puts import os after the docstring, __future__ imports and the leading imports, before any code', async () => {
    const cases: Array<[string, string[], string[]]> = [
      // Only a docstring.
      ['docstring', ['"""Paths."""', 'DATA = "/mnt/data/x.csv"'], ['"""Paths."""', 'import os', 'DATA = ']],
      // A multi-line docstring holding a line that looks like an assignment.
      ['long docstring', ['"""Paths.', '', 'x = 1', '"""', 'DATA = "/mnt/data/x.csv"'], ['x = 1', '"""', 'import os', 'DATA = ']],
      [
        '__future__',
        ['from __future__ import annotations', 'DATA = "/mnt/data/x.csv"'],
        ['from __future__ import annotations', '', 'import os', 'DATA = '],
      ],
      [
        'docstring and __future__',
        ['"""Doc."""', 'from __future__ import annotations', 'import sys', 'DATA = "/mnt/data/x.csv"'],
        ['from __future__ import annotations', 'import os', 'import sys', 'DATA = '],
      ],
      // The path on the first line, with and without a final line break.
      ['first line', ['DATA = "/mnt/data/x.csv"'], ['import os', 'DATA = ']],
      [
        'first line, comment header',
        ['#!/usr/bin/env python', '# -*- coding: utf-8 -*-', 'DATA = "/mnt/data/x.csv"'],
        ['# -*- coding: utf-8 -*-', 'import os', 'DATA = '],
      ],
      [
        'TYPE_CHECKING imports',
        ['from typing import TYPE_CHECKING', 'if TYPE_CHECKING:', '    from pathlib import Path', 'DATA = "/mnt/data/x.csv"'],
        ['import os', 'from typing import TYPE_CHECKING', 'if TYPE_CHECKING:'],
      ],
      [
        'imports in a try block',
        ['try:', '    import ujson as json', 'except ImportError:  # pragma: no cover', '    import json', 'DATA = "/mnt/data/x.csv"'],
        ['    import json', 'import os', 'DATA = '],
      ],
      // A try block that also assigns is code: the import goes before it.
      [
        'try block with code',
        ['import sys', 'try:', '    import torch', 'except ImportError:', '    torch = None', 'DATA = "/mnt/data/x.csv"'],
        ['import os', 'import sys', 'try:'],
      ],
      // Imports after code (a sys.path change): before the code, so the module-level use below finds os.
      [
        'imports after code',
        ['import sys', 'sys.path.insert(0, "src")', 'DATA = "/mnt/data/x.csv"', 'import mylib'],
        ['import os', 'import sys', 'sys.path.insert(0, "src")'],
      ],
    ];
    for (const [name, lines, expected] of cases) {
      const fixed = await assertFixed(RULE, lines.join('\n') + (name === 'first line' ? '' : '\n'));
      const fixedLines = fixed.split('\n');
      const at = fixedLines.indexOf('import os');
      assert.ok(at >= 0, `${name}: no import os line:\n${fixed}`);
      const window = fixedLines.slice(at - expected.indexOf('import os'), at - expected.indexOf('import os') + expected.length);
      assert.deepEqual(
        window.map((line, i) => (expected[i].endsWith(' ') ? line.slice(0, expected[i].length) : line)),
        expected,
        `${name}:\n${fixed}`,
      );
      assert.ok((await topLevelStatements(fixed)).includes('import_statement'), `${name}: import os is not at top level:\n${fixed}`);
    }
  });

  it('adds import os on the same line when code follows the last import there', async () => {
    const fixed = await assertFixed(RULE, 'import json; DATA = "/mnt/data/x.csv"\n');
    assert.equal(fixed, 'import json; import os; DATA = os.environ.get("DATA_PATH", "/mnt/data/x.csv")\n');
  });

  it('withholds the fix inside an implicit concatenation', async () => {
    const found = await findings(RULE, 'X = ("/home/alice/" "models")\n');
    assert.equal(found.length, 1);
    assert.equal(found[0].fix, undefined);
  });
});

/** The node types of a module's top-level statements (comments left out). */
async function topLevelStatements(text: string): Promise<string[]> {
  const tree = await parsePython(text);
  try {
    return tree.rootNode.namedChildren.flatMap((child) => (child && child.type !== 'comment' ? [child.type] : []));
  } finally {
    tree.delete();
  }
}
