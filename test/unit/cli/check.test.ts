import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, repoRoot, workspace } from './cliHarness';

const FLASK_DEBUG = 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n';

describe('prodready check', () => {
  it('prints path:line:column: severity rule message and a summary, exiting 1 on findings', async () => {
    const root = workspace({ 'svc/app.py': FLASK_DEBUG });
    const result = await cli(['check', 'svc'], root);
    assert.equal(result.code, 1);
    const lines = result.stdout.trim().split('\n');
    assert.match(lines[0], /^svc\/app\.py:3:15: error debug-mode debug=True in app\.run\(\): /);
    assert.equal(lines.at(-1), '1 finding (1 error) in 1 file');
  });

  it('emits JSON in the shape cli.md fixes, with 1-based UTF-16 columns and located fix edits', async () => {
    const root = workspace({ 'app.py': '# ünïcödé 🎉\nfrom flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n' });
    const result = await cli(['check', '--format', 'json', 'app.py'], root);
    const data = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(data), ['tool', 'findings', 'skipped', 'summary']);
    assert.equal(data.tool.name, 'prodready');
    const [finding] = data.findings;
    assert.deepEqual(
      {
        path: finding.path,
        cell: finding.cell,
        line: finding.line,
        column: finding.column,
        endLine: finding.endLine,
        endColumn: finding.endColumn,
      },
      { path: 'app.py', cell: null, line: 4, column: 15, endLine: 4, endColumn: 19 },
    );
    assert.equal(finding.rule, 'debug-mode');
    assert.equal(finding.category, 'configuration');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.fix.edits[0].path, 'app.py');
    assert.equal(data.summary.files, 1);
    assert.deepEqual(data.summary.bySeverity, { error: 1, warning: 0, info: 0 });
    assert.deepEqual(data.summary.byCategory, { configuration: 1 });
  });

  it('respects --fail-on: warning findings pass with --fail-on error, and never always passes', async () => {
    const root = workspace({ 'app.py': FLASK_DEBUG });
    assert.equal((await cli(['check', '--fail-on', 'never', '.'], root)).code, 0);
    assert.equal((await cli(['check', '--fail-on', 'error', '.'], root)).code, 1);
    assert.equal((await cli(['check', '--select', 'missing-timeout', '.'], root)).code, 0);
    assert.equal((await cli(['check', '--ignore', 'debug-mode', '.'], root)).code, 0);
  });

  it('exits 2 with a one-line reason for bad usage, unknown rules and missing paths', async () => {
    const root = workspace({ 'app.py': FLASK_DEBUG });
    for (const args of [
      ['check', 'nope'],
      ['check', '--format', 'xml'],
      ['check', '--select', 'no-such-rule'],
      ['check', '--bogus'],
      ['frobnicate'],
    ]) {
      const result = await cli(args, root);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /^prodready: /);
    }
  });

  it('exits 2 naming the file and key when .prodready.yaml has a typo', async () => {
    const root = workspace({ '.prodready.yaml': 'rules:\n  debug-mod: off\n', 'app.py': FLASK_DEBUG });
    const result = await cli(['check', '.'], root);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /\.prodready\.yaml: unknown rule id 'rules\.debug-mod' \(did you mean 'debug-mode'\?\)/);
    const typo = workspace({ '.prodready.yaml': 'exlude: ["x/**"]\n', 'app.py': FLASK_DEBUG });
    assert.match((await cli(['check', '.'], typo)).stderr, /unknown key 'exlude' \(did you mean 'exclude'\?\)/);
  });

  it('applies .prodready.yaml severities and excludes found above the file', async () => {
    const root = workspace({
      '.prodready.yaml': 'rules:\n  debug-mode: info\nexclude:\n  - "legacy/**"\n',
      'svc/app.py': FLASK_DEBUG,
      'legacy/old.py': FLASK_DEBUG,
    });
    const result = await cli(['check', '--format', 'json', '.'], root);
    const data = JSON.parse(result.stdout);
    assert.deepEqual(
      data.findings.map((f: { path: string; severity: string }) => `${f.path} ${f.severity}`),
      ['svc/app.py info'],
    );
    assert.equal(result.code, 0, 'info is below the default --fail-on warning');
  });

  it('lists binary, oversized and undecodable files as skipped without failing the run', async () => {
    const root = workspace({
      'weights.py': Buffer.from([0x00, 0x01, 0x02, 0x03]),
      'latin.py': Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]),
      'big.py': 'x = 1\n'.repeat(1_000_000),
      'ok.py': 'x = 1\n',
    });
    const result = await cli(['check', '--format', 'json', '.'], root);
    assert.equal(result.code, 0);
    const data = JSON.parse(result.stdout);
    const reasons = Object.fromEntries(data.skipped.map((s: { path: string; reason: string }) => [s.path, s.reason]));
    assert.equal(reasons['weights.py'], 'binary file');
    assert.equal(reasons['latin.py'], 'not valid UTF-8 text');
    assert.match(reasons['big.py'], /^over the size limit/);
    assert.equal(data.summary.files, 1);
  });

  it('skips node_modules, .git and virtual environments', async () => {
    const root = workspace({
      'node_modules/pkg/app.py': FLASK_DEBUG,
      '.git/hooks/x.py': FLASK_DEBUG,
      'env/pyvenv.cfg': 'home = /usr\n',
      'env/lib/app.py': FLASK_DEBUG,
      'src/app.py': 'x = 1\n',
    });
    const data = JSON.parse((await cli(['check', '--format', 'json', '.'], root)).stdout);
    assert.equal(data.summary.files, 1);
    assert.equal(data.findings.length, 0);
  });

  it('--fix rewrites the file atomically, keeping CRLF line endings, BOM and mode; a second run changes nothing', async () => {
    const original = '\ufefffrom flask import Flask\r\napp = Flask(__name__)\r\napp.run(debug=True)\r\n';
    const root = workspace({ 'app.py': original });
    const file = path.join(root, 'app.py');
    fs.chmodSync(file, 0o640);
    const first = await cli(['check', '--fix', '.'], root);
    assert.equal(first.code, 0, first.stdout);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    assert.equal(
      text,
      'import os\r\n\r\nfrom flask import Flask\r\napp = Flask(__name__)\r\napp.run(debug=os.environ.get("DEBUG", "0") == "1")\r\n',
    );
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(
      fs.readdirSync(root).filter((name) => name.endsWith('.tmp')),
      [],
    );
    await cli(['check', '--fix', '.'], root);
    assert.deepEqual(fs.readFileSync(file), bytes);
  });

  it('reads standard input with --stdin-filename, and prints fixed text with --fix', async () => {
    const root = workspace({});
    const result = await cli(['check', '--stdin-filename', 'svc/app.py'], root, FLASK_DEBUG);
    assert.match(result.stdout, /^svc\/app\.py:3:15: error debug-mode /);
    const fixed = await cli(['check', '--fix', '--stdin-filename', 'svc/app.py'], root, FLASK_DEBUG);
    assert.match(fixed.stdout, /app\.run\(debug=os\.environ\.get\("DEBUG", "0"\) == "1"\)/);
    assert.equal(fixed.code, 0);
  });

  it('runs the workspace pass once: a variable no deployment artifact sets is reported on its read', async () => {
    const root = workspace({
      'svc/Dockerfile':
        'FROM python:3.11-slim\nENV MODEL_PATH=/models/m.pkl\nUSER 1000\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["gunicorn", "app:app"]\n',
      'svc/app.py': 'import os\nMODEL = os.environ["MODEL_PATH"]\nKEY = os.environ["SCORING_KEY"]\n',
    });
    const data = JSON.parse((await cli(['check', '--format', 'json', '--select', 'undeclared-env-var', '.'], root)).stdout);
    assert.deepEqual(
      data.findings.map((f: { path: string; line: number; rule: string }) => `${f.path}:${f.line} ${f.rule}`),
      ['svc/app.py:3 undeclared-env-var'],
    );
  });

  it('lists the rule catalogue as text and JSON', async () => {
    const text = await cli(['rules'], repoRoot);
    assert.match(text.stdout, /^missing-timeout\s+error\s+resilience/m);
    const json = JSON.parse((await cli(['rules', '--format', 'json'], repoRoot)).stdout);
    assert.ok(json.length >= 25);
    assert.deepEqual(Object.keys(json[0]), ['id', 'languages', 'category', 'severity', 'fixable', 'summary', 'docs']);
  });

  it('reports nothing on the production twin and many rules on the pilot', async () => {
    const twin = await cli(['check', '--format', 'json', 'examples/fraud-production'], repoRoot);
    assert.deepEqual(
      JSON.parse(twin.stdout).findings.map((f: { path: string; line: number; rule: string }) => `${f.path}:${f.line} ${f.rule}`),
      [],
    );
    assert.equal(twin.code, 0);
    const pilot = JSON.parse((await cli(['check', '--format', 'json', 'examples/fraud-pilot'], repoRoot)).stdout);
    assert.ok(new Set(pilot.findings.map((f: { rule: string }) => f.rule)).size >= 2);
  });
});
