import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DocumentParseCache, type TextChange } from '../../../src/core/documentCache';
import { analyzeText } from '../../../src/session/engine';

const base = 'from flask import Flask\napp = Flask(__name__)\n\ndef f():\n    return 1\n\napp.run(debug=False)\n';

function apply(text: string, change: TextChange): string {
  return text.slice(0, change.start) + change.text + text.slice(change.end);
}

async function summary(text: string, document?: { cache: DocumentParseCache; key: string; changes?: TextChange[] }) {
  const analysis = await analyzeText({ path: 'svc/app.py', text, document });
  return analysis.findings.map((f) => `${f.ruleId}@${f.start}-${f.end}`);
}

describe('incremental re-parse of editor documents', () => {
  it('gives the same findings as a fresh parse after edits, with and without known changes', async () => {
    const cache = new DocumentParseCache();
    const key = 'file:///svc/app.py';
    let text = base;
    await summary(text, { cache, key });
    const edits: TextChange[] = [
      { start: base.indexOf('False'), end: base.indexOf('False') + 5, text: 'True' },
      { start: 0, end: 0, text: '# header comment\n' },
      { start: 0, end: 0, text: 'x = "é🎉"\n' },
    ];
    for (const change of edits) {
      text = apply(text, change);
      assert.deepEqual(await summary(text, { cache, key, changes: [change] }), await summary(text));
    }
    // Unknown changes: the cache diffs the texts itself.
    text = text.replace('debug=True', 'debug=True, port=80');
    assert.deepEqual(await summary(text, { cache, key }), await summary(text));
    // Changes that do not reproduce the text fall back to a fresh parse.
    text = text + 'y = 2\n';
    assert.deepEqual(await summary(text, { cache, key, changes: [{ start: 0, end: 0, text: 'zzz' }] }), await summary(text));
    assert.equal(cache.size, 1);
    cache.delete(key);
    assert.equal(cache.size, 0);
  });
});
