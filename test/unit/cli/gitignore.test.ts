/* eslint-disable @typescript-eslint/no-explicit-any -- JSON output is read loosely */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, workspace } from './cliHarness';

const FLASK_DEBUG = 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n';
// An empty catch: a finding anywhere but tests, so an ignored bundle would show it if it were analysed.
const BUNDLE = 'try {\n  await fetch("http://model.internal/predict");\n} catch {}\n';
const SERVICE =
  'import os\nfrom flask import Flask\napp = Flask(__name__)\nMODEL_URL = os.environ["MODEL_URL"]\nAPI_TOKEN = os.environ["API_TOKEN"]\n';

/** A repository as a user has it: built bundles and dependencies on disk, ignored by .gitignore. */
function repository(): string {
  return workspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/info/exclude': 'local_*.py\n',
    '.gitignore': 'out/\n.next/\nvendor_modules/\n*.generated.py\n!keep.generated.py\n',
    'app.py': FLASK_DEBUG,
    'out/bundle.js': BUNDLE,
    'out/server.min.js': `${'var a=1;'.repeat(20_000)}\n`,
    '.next/server/page.js': BUNDLE,
    'vendor_modules/flask/app.py': FLASK_DEBUG,
    'gen/models.generated.py': FLASK_DEBUG,
    'gen/keep.generated.py': FLASK_DEBUG,
    'local_notes.py': FLASK_DEBUG,
    'services/api/.gitignore': '/scratch.py\n',
    'services/api/scratch.py': FLASK_DEBUG,
    'services/api/main.py': FLASK_DEBUG,
    'scratch.py': FLASK_DEBUG,
  });
}

async function reported(args: string[], cwd: string): Promise<{ paths: string[]; skipped: string[]; files: number }> {
  const result = await cli(['check', '--format', 'json', '--fail-on', 'never', ...args], cwd);
  assert.equal(result.code, 0, result.stderr);
  const data = JSON.parse(result.stdout);
  return {
    paths: [...new Set<string>(data.findings.map((f: any) => f.path))].sort(),
    skipped: data.skipped.map((s: any) => s.path),
    files: data.summary.files,
  };
}

describe('prodready check respects .gitignore', () => {
  it('leaves out ignored build output and dependency folders: no findings, not listed as skipped', async () => {
    const root = repository();
    const { paths, skipped, files } = await reported(['.'], root);
    assert.deepEqual(paths, ['app.py', 'gen/keep.generated.py', 'scratch.py', 'services/api/main.py']);
    assert.deepEqual(skipped, [], 'the minified bundle in out/ is not listed as skipped');
    assert.equal(files, 4);
    const text = await cli(['check', '.'], root);
    assert.doesNotMatch(text.stdout, /out\/|\.next\/|vendor_modules|local_notes|models\.generated|services\/api\/scratch/);
  });

  it('applies negation, nested .gitignore files (relative to their folder) and .git/info/exclude', async () => {
    const root = repository();
    const { paths } = await reported(['.'], root);
    assert.ok(paths.includes('gen/keep.generated.py'), '!keep.generated.py re-includes it');
    assert.ok(!paths.includes('gen/models.generated.py'));
    assert.ok(!paths.includes('services/api/scratch.py'), 'services/api/.gitignore ignores its own /scratch.py');
    assert.ok(paths.includes('scratch.py'), 'but not the one at the top');
    assert.ok(!paths.includes('local_notes.py'), '.git/info/exclude');
  });

  it('uses the .gitignore files above a checked sub-folder, up to the repository root', async () => {
    const root = repository();
    fs.writeFileSync(path.join(root, 'services', 'api', 'local_debug.py'), FLASK_DEBUG);
    fs.writeFileSync(path.join(root, 'services', 'api', 'schema.generated.py'), FLASK_DEBUG);
    const { paths } = await reported(['services'], root);
    assert.deepEqual(paths, ['services/api/main.py']);
  });

  it('always analyses files named on the command line, ignored or not', async () => {
    const root = repository();
    const { paths } = await reported(['out/bundle.js', 'services/api/scratch.py', 'local_notes.py'], root);
    assert.deepEqual(paths, ['local_notes.py', 'out/bundle.js', 'services/api/scratch.py']);
    const stdin = await cli(['check', '--stdin-filename', 'out/bundle.js'], root, BUNDLE);
    assert.match(stdin.stdout, /^out\/bundle\.js:\d+:\d+: (error|warning) /m);
  });

  it('--no-respect-gitignore analyses and reports ignored files', async () => {
    const root = repository();
    const { paths, skipped } = await reported(['--no-respect-gitignore', '.'], root);
    for (const file of [
      'out/bundle.js',
      '.next/server/page.js',
      'vendor_modules/flask/app.py',
      'gen/models.generated.py',
      'local_notes.py',
    ]) {
      assert.ok(paths.includes(file), `${file} is reported`);
    }
    assert.deepEqual(skipped, ['out/server.min.js']);
    const help = await cli(['--help'], root);
    assert.match(help.stdout, /--no-respect-gitignore/);
  });

  it('git never re-includes a file inside an ignored folder', async () => {
    const root = repository();
    fs.appendFileSync(path.join(root, '.gitignore'), '!out/bundle.js\n');
    const { paths } = await reported(['.'], root);
    assert.ok(!paths.includes('out/bundle.js'));
  });

  it('still reads ignored deployment artifacts and .env files for facts, without reporting them', async () => {
    const files = {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '.env\ndeploy/\n',
      'app.py': SERVICE,
      Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "app.py"]\n',
      '.env': 'MODEL_URL=http://model:8080\n',
      'deploy/compose.yaml':
        'services:\n  web:\n    build: ..\n    environment:\n      - API_TOKEN=from-compose\n  cache:\n    image: redis:latest\n',
    };
    const root = workspace(files);
    const result = await cli(['check', '--format', 'json', '--fail-on', 'never', '.'], root);
    const data = JSON.parse(result.stdout);
    const rules = data.findings.map((f: any) => `${f.path} ${f.rule}`);
    assert.ok(
      !rules.some((r: string) => r.endsWith('undeclared-env-var')),
      `the variables the ignored files set count: ${rules.join(', ')}`,
    );
    assert.ok(!rules.some((r: string) => r.startsWith('deploy/') || r.startsWith('.env')), 'findings in ignored files are not reported');
    assert.equal(data.summary.files, 2, 'app.py and the Dockerfile');
    // Without those files the same service reads two variables nothing sets.
    fs.rmSync(path.join(root, '.env'));
    fs.rmSync(path.join(root, 'deploy'), { recursive: true });
    const without = JSON.parse((await cli(['check', '--format', 'json', '--fail-on', 'never', '.'], root)).stdout);
    assert.deepEqual(
      without.findings.filter((f: any) => f.rule === 'undeclared-env-var').map((f: any) => f.message.split(' ')[0]),
      ['MODEL_URL', 'API_TOKEN'],
    );
  });

  it('honours .gitignore files in an exported tree with no .git folder (within the checked folder)', async () => {
    const root = workspace({ '.gitignore': 'out/\n', 'app.py': FLASK_DEBUG, 'out/bundle.js': BUNDLE });
    const { paths } = await reported(['.'], root);
    assert.deepEqual(paths, ['app.py']);
  });
});
