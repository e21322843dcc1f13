import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/types';
import { checkEachFixAlone, type Analyse } from '../fixSafety';

const finding = (ruleId: string, message: string, start: number, fix?: Finding['fix']): Finding => ({
  ruleId,
  message,
  start,
  end: start + 1,
  severity: 'warning',
  category: 'configuration',
  fix,
});

/** A toy analyser: `A` is a finding fixed by writing `b`; each `b` is a finding of rule-b. */
const analyse =
  (fixText: string, safe = true): Analyse =>
  async (texts) =>
    new Map(
      [...texts].map(([file, text]) => [
        file,
        {
          findings: [...text].flatMap((ch, i) =>
            ch === 'A'
              ? [finding('rule-a', 'an A', i, { description: 'fix A', edits: [{ start: i, end: i + 1, text: fixText }], safe })]
              : ch === 'b'
                ? [finding(safe ? 'rule-b' : 'undeclared-env-var', 'a b', i)]
                : [],
          ),
        },
      ]),
    );

describe('fix safety check', () => {
  it('passes a fix that removes its finding and adds nothing', async () => {
    const result = await checkEachFixAlone(new Map([['x.txt', 'xAx']]), analyse('c'));
    assert.deepEqual(result, { problems: [], checked: 1 });
  });

  it('reports a fix that creates a finding of another rule, or leaves its own', async () => {
    const created = await checkEachFixAlone(new Map([['x.txt', 'xAx']]), analyse('b'));
    assert.equal(created.problems.length, 1);
    assert.match(created.problems[0], /creates a new finding in x\.txt: rule-b: a b/);
    const remains = await checkEachFixAlone(new Map([['x.txt', 'xAx']]), analyse('A'));
    assert.match(remains.problems[0], /the finding remains/);
  });

  it('lets an unsafe hardcoded-secret fix announce undeclared-env-var, nothing else', async () => {
    const secret: Analyse = async (texts) => {
      const result = await analyse('b', false)(texts);
      for (const entry of result.values()) for (const f of entry.findings) if (f.ruleId === 'rule-a') f.ruleId = 'hardcoded-secret';
      return result;
    };
    assert.deepEqual((await checkEachFixAlone(new Map([['x.txt', 'xAx']]), secret)).problems, []);
  });
});
