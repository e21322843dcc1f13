import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { located } from '../helpers';

const RULE = 'debug-mode';
const head = 'from flask import Flask\napp = Flask(__name__)\n';

describe('suppression comments', () => {
  it('silences the named rule on its own line', async () => {
    assert.deepEqual(await located(RULE, `${head}app.run(debug=True)  # prodready: ignore[debug-mode]\n`), []);
  });

  it('silences the line below when the comment stands alone', async () => {
    assert.deepEqual(await located(RULE, `${head}# prodready: ignore[debug-mode]\napp.run(debug=True)\n`), []);
  });

  it('does not reach past the next line, nor from a trailing comment to the next line', async () => {
    assert.equal((await located(RULE, `${head}# prodready: ignore[debug-mode]\n\napp.run(debug=True)\n`)).length, 1);
    assert.equal((await located(RULE, `${head}x = 1  # prodready: ignore[debug-mode]\napp.run(debug=True)\n`)).length, 1);
  });

  it('keeps findings of other rules: the list names what it silences', async () => {
    assert.equal((await located(RULE, `${head}app.run(debug=True)  # prodready: ignore[missing-timeout, print-logging]\n`)).length, 1);
    assert.deepEqual(await located(RULE, `${head}app.run(debug=True)  # prodready: ignore[missing-timeout, debug-mode]\n`), []);
  });

  it('silences every rule with a bare ignore, and the file with ignore-file in the first 5 lines', async () => {
    assert.deepEqual(await located(RULE, `${head}app.run(debug=True)  # prodready: ignore\n`), []);
    assert.deepEqual(await located(RULE, `# prodready: ignore-file\n${head}app.run(debug=True)\n`), []);
    const late = `${head}\n\n\n\n# prodready: ignore-file\napp.run(debug=True)\n`;
    assert.equal((await located(RULE, late)).length, 1);
  });

  it('ignores the marker inside a string', async () => {
    assert.equal((await located(RULE, `${head}app.run(debug=True); s = "prodready: ignore"\n`)).length, 1);
  });
});
