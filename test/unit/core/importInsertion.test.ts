import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { captureTree, parsePython } from '../../../src/parsers/python/analyze';
import { ensureImport } from '../../../src/parsers/python/ast';
import { insertImport } from '../../../src/parsers/python/insertion';
import { loggerEdits } from '../../../src/parsers/python/logging';
import { PythonModule } from '../../../src/parsers/python/module';

async function moduleOf(text: string, path = 'app/main.py'): Promise<PythonModule> {
  return new PythonModule(path, text, await captureTree(await parsePython(text)));
}

/** The module head after adding `import <name>`, as lines. */
async function withImport(lines: string[], name: string, path?: string): Promise<string[]> {
  const text = lines.join('\n') + '\n';
  const module = await moduleOf(text, path);
  return applyEdits(text, [insertImport(module, name)])
    .split('\n')
    .slice(0, -1);
}

const SERVICE_HEAD = [
  '#!/usr/bin/env python',
  '"""Scoring service."""',
  'from __future__ import annotations',
  '',
  'import json',
  'import sys',
  'from pathlib import Path',
  '',
  'import numpy as np',
  'import torch',
  'from fastapi import FastAPI',
  '',
  'from app.config import settings',
  'from .utils import helper',
  '',
  'app = FastAPI()',
];

describe('Python import insertion (where isort and ruff put imports)', () => {
  it('puts a standard-library import alphabetically among the `import x` lines of its section', async () => {
    const os = await withImport(SERVICE_HEAD, 'os');
    assert.deepEqual(os.slice(4, 8), ['import json', 'import os', 'import sys', 'from pathlib import Path']);
    const logging = await withImport(SERVICE_HEAD, 'logging');
    assert.deepEqual(logging.slice(4, 7), ['import json', 'import logging', 'import sys']);
    const asyncio = await withImport(SERVICE_HEAD, 'asyncio');
    assert.deepEqual(asyncio.slice(3, 6), ['', 'import asyncio', 'import json']);
  });

  it('puts a third-party import among the third-party lines, never after first-party ones', async () => {
    const joblib = await withImport(SERVICE_HEAD, 'joblib');
    assert.deepEqual(joblib.slice(8, 11), ['import joblib', 'import numpy as np', 'import torch']);
    const zarr = await withImport(SERVICE_HEAD, 'zarr');
    assert.deepEqual(zarr.slice(9, 12), ['import torch', 'import zarr', 'from fastapi import FastAPI']);
  });

  it('opens the standard-library section above third-party and first-party imports when there is none', async () => {
    assert.deepEqual(await withImport(['import numpy as np', 'from fastapi import FastAPI', '', 'from app.models import Model'], 'os'), [
      'import os',
      '',
      'import numpy as np',
      'from fastapi import FastAPI',
      '',
      'from app.models import Model',
    ]);
    // The pilot's shape: third-party, then the project's own package.
    assert.deepEqual(
      await withImport(['"""Pilot."""', 'import joblib', 'import requests', '', 'from app.features import f', '', 'x = 1'], 'os'),
      ['"""Pilot."""', 'import os', '', 'import joblib', 'import requests', '', 'from app.features import f', '', 'x = 1'],
    );
    // Only first-party / relative imports.
    assert.deepEqual(await withImport(['from .schemas import Item', 'x = 1'], 'logging'), [
      'import logging',
      '',
      'from .schemas import Item',
      'x = 1',
    ]);
  });

  it('keeps `__future__` first, with its blank line, and steps above comments attached to the next import', async () => {
    assert.deepEqual(await withImport(['from __future__ import annotations', 'import torch'], 'os'), [
      'from __future__ import annotations',
      '',
      'import os',
      '',
      'import torch',
    ]);
    assert.deepEqual(await withImport(['#!/usr/bin/env python', '"""Doc."""', '# third-party', 'import torch', 'x = 1'], 'os'), [
      '#!/usr/bin/env python',
      '"""Doc."""',
      'import os',
      '',
      '# third-party',
      'import torch',
      'x = 1',
    ]);
  });

  it('respects a section of `from` lines only, and files that sort `import` and `from` together', async () => {
    assert.deepEqual(await withImport(['from typing import Any', 'from pathlib import Path', '', 'import torch'], 'os'), [
      'import os',
      'from typing import Any',
      'from pathlib import Path',
      '',
      'import torch',
    ]);
    // force-sort-within-sections: json, os, pathlib, sys.
    assert.deepEqual(await withImport(['import json', 'from pathlib import Path', 'import sys'], 'os'), [
      'import json',
      'import os',
      'from pathlib import Path',
      'import sys',
    ]);
  });

  it('closes a section with a blank line when the new import opens the next one', async () => {
    assert.deepEqual(await withImport(['import os', 'import sys', '', 'x = 1'], 'torch'), [
      'import os',
      'import sys',
      '',
      'import torch',
      '',
      'x = 1',
    ]);
  });

  it('keeps CRLF line endings and never lands inside a statement', async () => {
    const text = 'import requests\r\nCONFIG = {\r\n    "a": 1,\r\n}\r\n';
    const module = await moduleOf(text);
    assert.equal(applyEdits(text, [insertImport(module, 'os')]), 'import os\r\n\r\nimport requests\r\nCONFIG = {\r\n    "a": 1,\r\n}\r\n');
    const dict = 'CONFIG = {\n    "a": 1,\n}\n';
    assert.equal(applyEdits(dict, [insertImport(await moduleOf(dict), 'os')]), 'import os\nCONFIG = {\n    "a": 1,\n}\n');
  });

  it('adds a logger: import logging with the standard library, the logger line after the imports', async () => {
    const text = ['import json', '', 'import requests', '', 'from app.db import session', '', 'app = 1', ''].join('\n');
    const module = await moduleOf(text);
    const logger = loggerEdits(module, undefined, { configure: true })!;
    assert.equal(
      applyEdits(text, logger.edits),
      [
        'import json',
        'import logging',
        '',
        'import requests',
        '',
        'from app.db import session',
        'logging.basicConfig(level=logging.INFO)',
        'logger = logging.getLogger(__name__)',
        '',
        'app = 1',
        '',
      ].join('\n'),
    );
  });

  it('imports inside a KFP component, whose body runs without the module; no fix on a one-line def', async () => {
    const text = ['import os', 'from kfp import dsl', '', '@dsl.component', 'def train():', '    """Train."""', '    return 1', ''].join(
      '\n',
    );
    const module = await moduleOf(text);
    const fn = module.functions.find((f) => f.name === 'train');
    const edits = ensureImport(module, 'os', fn, text.indexOf('return'))!;
    assert.equal(applyEdits(text, edits).split('\n').slice(4, 8).join('\n'), 'def train():\n    """Train."""\n    import os\n    return 1');
    const oneLine = 'from kfp import dsl\n@dsl.component\ndef f(): return 1\n';
    const short = await moduleOf(oneLine);
    assert.equal(ensureImport(short, 'os', short.functions[0], oneLine.indexOf('return')), undefined);
  });
});
