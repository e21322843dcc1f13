import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertClean, assertFixed, located } from '../helpers';

const RULE = 'debug-mode';

describe('debug-mode (python)', () => {
  it('flags the literal True of Flask debug, uvicorn reload, FastAPI debug and Gradio share', async () => {
    const code = [
      'import uvicorn',
      'from fastapi import FastAPI',
      'from flask import Flask',
      'import gradio as gr',
      'api = FastAPI(debug=True)',
      'app = Flask(__name__)',
      'demo = gr.Interface(fn=lambda x: x, inputs="text", outputs="text")',
      'if __name__ == "__main__":',
      '    app.run(host="0.0.0.0", debug=True)',
      '    uvicorn.run("serve:api", reload=True)',
      '    demo.launch(share=True)',
      '',
    ].join('\n');
    assert.deepEqual(await located(RULE, code), [
      { at: '5:21', text: 'True' },
      { at: '9:35', text: 'True' },
      { at: '10:37', text: 'True' },
      { at: '11:23', text: 'True' },
    ]);
  });

  it('flags app.debug = True on the assignment', async () => {
    assert.deepEqual(await located(RULE, 'from flask import Flask\napp = Flask(__name__)\napp.debug = True\n'), [
      { at: '3:1', text: 'app.debug = True' },
    ]);
  });

  it('leaves values read from env or config, False, and tests alone', async () => {
    await assertClean(RULE, 'import os\nimport uvicorn\nuvicorn.run("a:b", reload=os.environ.get("RELOAD") == "1")\n');
    await assertClean(RULE, 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=False)\n');
    await assertClean(RULE, 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n', 'tests/test_app.py');
    await assertClean(RULE, 'import subprocess\nsubprocess.run(["ls"], check=True)\n');
  });

  it('fixes to an environment-driven flag and adds import os', async () => {
    const fixed = await assertFixed(RULE, '"""Service."""\nfrom flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n');
    // The standard library's section, above the third-party one (isort/ruff), after the docstring.
    assert.match(fixed, /^"""Service\."""\nimport os\n\nfrom flask import Flask\n/);
    // A read with a default: it works (off) where the deployment sets nothing, so no undeclared-env-var.
    assert.match(fixed, /app\.run\(debug=os\.environ\.get\("DEBUG", "0"\) == "1"\)/);
  });
});
