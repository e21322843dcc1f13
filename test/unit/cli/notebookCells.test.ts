/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF and JSON output are read loosely */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cellLabel, notebookSourceMap } from '../../../src/core/notebookPositions';
import { cli, workspace } from './cliHarness';

type Cell = { cell_type: 'code' | 'markdown'; source: string[] | string };

/** nbformat 4 as Jupyter writes it: one-space indent, each source line its own string. */
function notebook(cells: Cell[]): string {
  const nb = {
    cells: cells.map((cell) =>
      cell.cell_type === 'code' ? { ...cell, metadata: {}, execution_count: null, outputs: [] } : { ...cell, metadata: {} },
    ),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(nb, null, 1) + '\n';
}

const HEADER: Cell = { cell_type: 'markdown', source: ['# Scoring service\n', 'Notes on the "model".\n'] };
const IMPORTS: Cell = {
  cell_type: 'code',
  source: ['import logging\n', 'from fastapi import FastAPI\n', 'logger = logging.getLogger(__name__)\n'],
};
const MORE_NOTES: Cell = { cell_type: 'markdown', source: ['## Serving\n'] };
const RULE = 'hardcoded-secret';
// A hardcoded secret: a rule that applies in notebooks too (anywhere but tests, rules.md R2.1).
const SECRET = 'sk-proj-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const SERVE: Cell = { cell_type: 'code', source: ['title = "caf\u00e9 \\"scoring\\""\n', `openai_api_key = "${SECRET}"\n`] };

/** The 1-based line and column of the first `needle` in the file's text (what an editor shows). */
function positionIn(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

async function sarifResult(root: string, file: string, rule = RULE): Promise<any> {
  const sarif = JSON.parse((await cli(['check', '--format', 'sarif', file], root)).stdout);
  const results = sarif.runs[0].results.filter((r: any) => r.ruleId === rule);
  assert.equal(results.length, 1, JSON.stringify(sarif.runs[0].results, null, 1));
  return results[0];
}

describe('notebook cells in every output', () => {
  const text = notebook([HEADER, IMPORTS, MORE_NOTES, SERVE]);
  const root = workspace({ 'explore.ipynb': text });

  it('text output and the markdown report name the cell from 1, counting markdown cells (cell 4 is index 3)', async () => {
    assert.equal(cellLabel(3), 'cell 4');
    const plain = await cli(['check', 'explore.ipynb'], root);
    const line = plain.stdout.split('\n').find((l) => l.includes(RULE));
    assert.ok(line, plain.stdout);
    assert.match(line, /^explore\.ipynb:2:\d+: error hardcoded-secret .*\[cell 4\]$/);
    const markdown = await cli(['check', '--format', 'markdown', 'explore.ipynb'], root);
    assert.match(markdown.stdout, /\[`hardcoded-secret`\]\([^)]+\) \(cell 4, line 2\)/);
    assert.doesNotMatch(markdown.stdout, /cell 3\b/);
  });

  it('JSON keeps the documented 0-based cell index with positions inside the cell', async () => {
    const data = JSON.parse((await cli(['check', '--format', 'json', 'explore.ipynb'], root)).stdout);
    const finding = data.findings.find((f: any) => f.rule === RULE);
    assert.equal(finding.cell, 3);
    const cellSource = (SERVE.source as string[]).join('');
    const inCell = positionIn(cellSource, `"${SECRET}"`);
    assert.deepEqual({ line: finding.line, column: finding.column }, inCell);
  });

  it('SARIF places the result on the .ipynb line and column where the cell line is written', async () => {
    const result = await sarifResult(root, 'explore.ipynb');
    const { region } = result.locations[0].physicalLocation;
    // In the .ipynb the literal's quotes are escaped: \"sk-...\" is two characters longer on each side.
    const written = `\\"${SECRET}\\"`;
    const expected = positionIn(text, written);
    assert.deepEqual({ line: region.startLine, column: region.startColumn }, expected);
    assert.equal(region.endLine, expected.line);
    assert.equal(region.endColumn, expected.column + written.length);
    assert.equal(result.locations[0].properties.cell, 3);
  });

  it('maps cell offsets through escapes in the JSON string (quote, e-acute, newline) and a source given as one string', () => {
    const raw =
      '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": []}, {"cell_type": "code", "metadata": {}, "outputs": [], ' +
      '"source": "t = \\"caf\\u00e9\\"\\napp.run(debug=True)\\n"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}';
    const source = JSON.parse(raw).cells[1].source as string;
    assert.equal(source, 't = "café"\napp.run(debug=True)\n');
    const map = notebookSourceMap(raw)!;
    assert.equal(map(1, source.indexOf('True')), raw.indexOf('True'));
    assert.equal(map(1, source.indexOf('é')), raw.indexOf('\\u00e9'));
    assert.equal(map(1, source.indexOf('app')), raw.indexOf('app'));
    assert.equal(map(1, source.indexOf('"')), raw.indexOf('\\"'));
    assert.equal(map(1, source.length), raw.indexOf('\\n"}') + 2, 'the end of the cell is just before its closing quote');
    assert.equal(map(0, 0), undefined, 'an empty cell has nothing to point at');
    assert.equal(map(7, 0), undefined, 'no such cell');
    assert.equal(notebookSourceMap('not json'), undefined);
  });

  it('SARIF fingerprints stay the same when cells and lines are added above the finding', async () => {
    const before = await sarifResult(root, 'explore.ipynb');
    const moved = notebook([
      HEADER,
      { cell_type: 'code', source: ['import os\n', 'MODEL = os.environ.get("MODEL", "m")\n'] },
      IMPORTS,
      MORE_NOTES,
      { cell_type: 'code', source: ['# serve it\n', '\n', ...(SERVE.source as string[])] },
    ]);
    fs.writeFileSync(path.join(root, 'moved.ipynb'), moved);
    const after = await sarifResult(root, 'moved.ipynb');
    assert.notEqual(after.locations[0].physicalLocation.region.startLine, before.locations[0].physicalLocation.region.startLine);
    // Same file name for a like-for-like comparison: the path is part of the fingerprint.
    fs.writeFileSync(path.join(root, 'explore.ipynb'), moved);
    const sameFile = await sarifResult(root, 'explore.ipynb');
    fs.writeFileSync(path.join(root, 'explore.ipynb'), text);
    assert.deepEqual(sameFile.partialFingerprints, before.partialFingerprints);
    assert.match(before.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{16}:1$/);
    // Another line is another fingerprint.
    fs.writeFileSync(
      path.join(root, 'explore.ipynb'),
      notebook([HEADER, IMPORTS, MORE_NOTES, { cell_type: 'code', source: [`other_api_key = "${SECRET}"\n`] }]),
    );
    const otherLine = await sarifResult(root, 'explore.ipynb');
    fs.writeFileSync(path.join(root, 'explore.ipynb'), text);
    assert.notDeepEqual(otherLine.partialFingerprints, before.partialFingerprints);
  });

  it('plain files get line-text fingerprints too: adding lines above keeps them, two identical lines count up', async () => {
    const source = 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n';
    const dir = workspace({ 'app.py': source });
    const first = await sarifResult(dir, 'app.py', 'debug-mode');
    fs.writeFileSync(path.join(dir, 'app.py'), source.replace('app = ', '# the app\n\napp = '));
    const shifted = await sarifResult(dir, 'app.py', 'debug-mode');
    assert.equal(shifted.locations[0].physicalLocation.region.startLine, first.locations[0].physicalLocation.region.startLine + 2);
    assert.deepEqual(shifted.partialFingerprints, first.partialFingerprints);
    fs.writeFileSync(path.join(dir, 'twice.py'), `${source}app.run(debug=True)\n`);
    const sarif = JSON.parse((await cli(['check', '--format', 'sarif', '--select', 'debug-mode', 'twice.py'], dir)).stdout);
    const hashes = sarif.runs[0].results.map((r: any) => r.partialFingerprints.primaryLocationLineHash as string);
    assert.equal(hashes.length, 2);
    assert.equal(hashes[0].split(':')[0], hashes[1].split(':')[0]);
    assert.deepEqual(
      hashes.map((h: string) => h.split(':')[1]),
      ['1', '2'],
    );
  });
});
