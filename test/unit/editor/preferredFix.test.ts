import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/session/engine';
import { preferredFinding } from '../../../src/vscode/preferredFix';

const CODE = [
  'import logging',
  'import requests',
  'from fastapi import FastAPI',
  'logger = logging.getLogger(__name__)',
  'app = FastAPI()',
  '@app.post("/score")',
  'def score(x: dict):',
  '    r = requests.post("http://model/score", json=x)',
  '    y = model.predict([x])',
  '    return {"r": r.json(), "y": y}',
  '',
].join('\n');

describe('the preferred quick fix (editor)', () => {
  it('on requests.post is the safe timeout fix, not the try/except rewrite', async () => {
    const { findings } = await analyzeText({ path: 'app/serve.py', text: CODE });
    const cursor = CODE.indexOf('requests.post') + 3;
    const underCursor = findings.filter((finding) => finding.start <= cursor && cursor <= finding.end);
    assert.deepEqual(underCursor.map((finding) => `${finding.ruleId}:${finding.fix?.safe}`).sort(), [
      'missing-fallback:false',
      'missing-timeout:true',
    ]);
    assert.equal(preferredFinding(underCursor, cursor)?.ruleId, 'missing-timeout');
  });

  it('is never an unsafe fix: a finding with only an unsafe fix gets no preferred action', async () => {
    const { findings } = await analyzeText({ path: 'app/serve.py', text: CODE });
    const cursor = CODE.indexOf('model.predict') + 2;
    const underCursor = findings.filter((finding) => finding.start <= cursor && cursor <= finding.end);
    assert.deepEqual(
      underCursor.map((finding) => finding.ruleId),
      ['missing-fallback'],
    );
    assert.equal(preferredFinding(underCursor, cursor), undefined);
  });

  it('among safe fixes, prefers the innermost finding under the cursor, then the nearest', () => {
    const fix = { description: 'x', edits: [], safe: true };
    const at = (ruleId: string, start: number, end: number) => ({
      ruleId,
      start,
      end,
      message: '',
      severity: 'error' as const,
      category: 'resilience' as const,
      fix,
    });
    const outer = at('outer', 0, 100);
    const inner = at('inner', 10, 20);
    const far = at('far', 200, 210);
    assert.equal(preferredFinding([outer, inner, far], 15)?.ruleId, 'inner');
    assert.equal(preferredFinding([outer, inner, far], 50)?.ruleId, 'outer');
    assert.equal(preferredFinding([inner, far], 190)?.ruleId, 'far');
  });
});
