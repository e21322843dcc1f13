import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { severitiesFrom } from '../../../src/core/config';
import { analyzeText } from '../../../src/session/engine';
import { LineIndex } from '../../../src/core/text';

const notebook = (cells: Array<[string, string]>) =>
  JSON.stringify(
    {
      cells: cells.map(([type, source]) => ({
        cell_type: type,
        metadata: {},
        source: source.split(/(?<=\n)/),
        ...(type === 'code' ? { outputs: [], execution_count: null } : {}),
      })),
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );

async function run(text: string, rules?: string[]) {
  const analysis = await analyzeText({
    path: 'notebooks/explore.ipynb',
    text,
    severities: severitiesFrom(undefined, {}, { select: rules ?? [] }),
  });
  assert.equal(analysis.skipped, undefined);
  return {
    analysis,
    where: analysis.findings.map((finding) => {
      const source = analysis.cells![finding.cell!];
      const position = new LineIndex(source).position(finding.start);
      return `${finding.cell}:${position.line + 1}:${position.column + 1} ${finding.ruleId} ${source.slice(finding.start, finding.end)}`;
    }),
  };
}

describe('notebooks', () => {
  it('analyses the code cells as one module and maps findings to (cell counting every cell, line in the cell)', async () => {
    const text = notebook([
      ['markdown', '# Explore\nCalls the scoring API.'],
      ['code', '%matplotlib inline\n!pip install requests\nimport requests\n'],
      ['markdown', 'Now call it.'],
      ['code', 'url = "http://svc/score"\n\nresponse = requests.post(url, json={})\n'],
    ]);
    const { where, analysis } = await run(text, ['missing-timeout']);
    assert.deepEqual(where, ['3:3:12 missing-timeout requests.post(url, json={})']);
    assert.equal(analysis.cells?.length, 4);
  });

  it('applies suppression comments per cell', async () => {
    const text = notebook([
      ['code', 'import requests'],
      ['code', '# prodready: ignore[missing-timeout]\nrequests.get("http://a")'],
      ['code', 'requests.get("http://b")'],
    ]);
    const { where } = await run(text, ['missing-timeout']);
    assert.deepEqual(where, ['2:1:1 missing-timeout requests.get("http://b")']);
  });

  it('does not apply print-logging, offers no fixes, and skips non-Python cell magics', async () => {
    const text = notebook([
      ['code', '%%bash\ncurl http://example/x\n'],
      ['code', 'import requests\nprint(requests.get("http://a"))\n'],
    ]);
    const { analysis } = await run(text);
    assert.ok(analysis.findings.every((finding) => finding.ruleId !== 'print-logging'));
    assert.ok(analysis.findings.some((finding) => finding.ruleId === 'missing-timeout'));
    assert.ok(analysis.findings.every((finding) => finding.fix === undefined));
  });

  it('records environment reads and imports with their cell for the workspace pass', async () => {
    const text = notebook([
      ['markdown', 'x'],
      ['code', 'import os\nimport xgboost as xgb'],
      ['code', 'key = os.environ["WANDB_API_KEY"]'],
    ]);
    const { analysis } = await run(text);
    assert.deepEqual(
      analysis.facts?.envReads?.map((read) => [read.name, read.cell, read.start]),
      [['WANDB_API_KEY', 2, 6]],
    );
    assert.deepEqual(
      analysis.facts?.pythonImports?.map((entry) => [entry.module, entry.cell]),
      [
        ['os', 1],
        ['xgboost', 1],
      ],
    );
  });
});
