import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { at, assertManifestFixed, findingsOf, tempProject } from '../manifests/util';

const RULE = 'unpinned-dependency';

describe('unpinned-dependency (manifests)', () => {
  it('flags loose, missing and VCS-ref requirements in requirements.txt on their own line', async () => {
    const text = [
      '# runtime',
      'fastapi',
      'numpy>=1.26  # loose on purpose?',
      'pandas==2.2.2',
      'scikit-learn[alldeps] ~= 1.5 ; python_version >= "3.10"',
      'torch==2.3.1 \\',
      '    --hash=sha256:0123456789abcdef',
      'mylib @ git+https://github.com/acme/mylib.git@main',
      'pinned @ git+https://github.com/acme/pinned.git@3f2a9c1d5e7b8a6c4d2e0f1a3b5c7d9e1f2a4b6c',
      'wheel-pkg @ https://files.example.org/wheel_pkg-1.0-py3-none-any.whl',
      '-e .',
      '-r other.txt',
      '--extra-index-url https://download.pytorch.org/whl/cpu',
      'tokenizers===0.19.1',
      'transformers==4.*',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'requirements.txt'), [
      { at: '2:1', text: 'fastapi' },
      { at: '3:1', text: 'numpy>=1.26' },
      { at: '5:1', text: 'scikit-learn[alldeps] ~= 1.5' },
      { at: '8:1', text: 'mylib @ git+https://github.com/acme/mylib.git@main' },
      { at: '15:1', text: 'transformers==4.*' },
    ]);
  });

  it('treats names pinned by a -c constraints file as pinned', async () => {
    const root = tempProject({ 'constraints.txt': 'numpy==1.26.4\n', 'requirements.txt': '-c constraints.txt\nnumpy\nrequests\n' });
    const text = fs.readFileSync(path.join(root, 'requirements.txt'), 'utf8');
    assert.deepEqual(await at(RULE, text, path.join(root, 'requirements.txt')), [{ at: '3:1', text: 'requests' }]);
  });

  it('leaves a pip-tools source alone when its compiled requirements.txt sits beside it', async () => {
    const root = tempProject({ 'requirements.in': 'fastapi\n', 'requirements.txt': 'fastapi==0.111.0\n' });
    assert.deepEqual(await at(RULE, 'fastapi\n', path.join(root, 'requirements.in')), []);
    const alone = tempProject({ 'requirements.in': 'fastapi\n' });
    assert.equal((await at(RULE, 'fastapi\n', path.join(alone, 'requirements.in'))).length, 1);
  });

  it('does not check requirements for tests, docs, linting or development', async () => {
    for (const file of [
      'requirements-dev.txt',
      'requirements_test.txt',
      'dev-requirements.txt',
      'docs/requirements.txt',
      'tests/requirements.txt',
      'requirements/lint.txt',
    ]) {
      assert.deepEqual(await at(RULE, 'pytest\nsphinx>=7\n', file), [], file);
    }
    for (const file of ['requirements.txt', 'requirements-prod.txt', 'requirements/base.txt', 'service/requirements-gpu.txt']) {
      assert.equal((await at(RULE, 'torch\n', file)).length, 1, file);
    }
  });

  it('offers no fix when no lockfile records a version', async () => {
    const root = tempProject({ 'requirements.txt': 'numpy>=1\n' });
    const [finding] = await findingsOf(RULE, 'numpy>=1\n', path.join(root, 'requirements.txt'));
    assert.equal(finding.fix, undefined);
  });

  it('pins to the version poetry.lock / uv.lock / Pipfile.lock records, keeping extras, markers and comments', async () => {
    const root = tempProject({
      'poetry.lock': '[[package]]\nname = "NumPy"\nversion = "1.26.4"\n\n[[package]]\nname = "scikit-learn"\nversion = "1.5.0"\n',
      'Pipfile.lock': JSON.stringify({ default: { requests: { version: '==2.32.3' } }, develop: {} }),
    });
    const file = path.join(root, 'requirements.txt');
    const fixed = await assertManifestFixed(
      RULE,
      'numpy  # core\nscikit-learn[alldeps]>=1.3 ; python_version >= "3.10"\nrequests~=2.0\n',
      file,
    );
    assert.equal(fixed, 'numpy==1.26.4  # core\nscikit-learn[alldeps]==1.5.0 ; python_version >= "3.10"\nrequests==2.32.3\n');
  });

  it('checks [project] dependencies and Poetry runtime dependencies in pyproject.toml, not dev groups', async () => {
    const text = [
      '[project]',
      'name = "fraud"',
      'dependencies = [',
      '  "fastapi>=0.110",  # web',
      '  "torch==2.3.1",',
      "  'pydantic',",
      ']',
      '',
      '[project.optional-dependencies]',
      'dev = ["pytest"]',
      '',
      '[tool.poetry.dependencies]',
      'python = "^3.11"',
      'numpy = "1.26.4"',
      'pandas = "^2.2"',
      'xgboost = { version = "~2.0", extras = ["gpu"] }',
      'internal = { git = "https://github.com/acme/internal.git", branch = "main" }',
      'pinned = { git = "https://github.com/acme/p.git", rev = "3f2a9c1d5e7b" }',
      'local = { path = "../local" }',
      '',
      '[tool.poetry.group.dev.dependencies]',
      'pytest = "*"',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'pyproject.toml'), [
      { at: '4:3', text: '"fastapi>=0.110"' },
      { at: '6:3', text: "'pydantic'" },
      { at: '15:1', text: 'pandas = "^2.2"' },
      { at: '16:1', text: 'xgboost = { version = "~2.0", extras = ["gpu"] }' },
      { at: '17:1', text: 'internal = { git = "https://github.com/acme/internal.git", branch = "main" }' },
    ]);
  });

  it('fixes pyproject.toml entries in place (PEP 508 string, Poetry string and inline table)', async () => {
    const root = tempProject({
      'uv.lock':
        'version = 1\n\n[[package]]\nname = "fastapi"\nversion = "0.111.0"\n\n[[package]]\nname = "xgboost"\nversion = "2.0.3"\n\n[[package]]\nname = "pandas"\nversion = "2.2.2"\n',
    });
    const text =
      '[project]\nname = "x"\ndependencies = ["fastapi>=0.110"]  # keep\n\n[tool.poetry.dependencies]\npandas = "^2.2"\nxgboost = { version = "~2.0", extras = ["gpu"] }\n';
    const fixed = await assertManifestFixed(RULE, text, path.join(root, 'pyproject.toml'));
    assert.equal(
      fixed,
      '[project]\nname = "x"\ndependencies = ["fastapi==0.111.0"]  # keep\n\n[tool.poetry.dependencies]\npandas = "2.2.2"\nxgboost = { version = "2.0.3", extras = ["gpu"] }\n',
    );
  });

  it('checks Pipfile [packages] and not [dev-packages]', async () => {
    const text = '[packages]\nflask = "*"\nrequests = "==2.32.3"\nnumpy = {version = ">=1"}\n\n[dev-packages]\npytest = "*"\n';
    assert.deepEqual(
      (await at(RULE, text, 'Pipfile')).map((f) => f.at),
      ['2:1', '4:1'],
    );
  });

  it('checks package.json dependencies: ranges only without a lockfile, wildcards always, git refs without a commit', async () => {
    const text = JSON.stringify(
      {
        name: 'gw',
        dependencies: {
          express: '^4.19.2',
          pino: '9.2.0',
          zod: '*',
          lib: 'github:acme/lib#main',
          pinned: 'github:acme/p#3f2a9c1d5e7b8a6c',
          local: 'file:../local',
        },
        devDependencies: { typescript: '^5.4.5' },
      },
      null,
      2,
    );
    const bare = tempProject({ 'package.json': text });
    assert.deepEqual(
      (await at(RULE, text, path.join(bare, 'package.json'))).map((f) => f.text),
      ['"express": "^4.19.2"', '"zod": "*"', '"lib": "github:acme/lib#main"'],
    );
    const locked = tempProject({
      'package.json': text,
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/zod': { version: '3.23.8' } } }),
    });
    assert.deepEqual(
      (await at(RULE, text, path.join(locked, 'package.json'))).map((f) => f.text),
      ['"zod": "*"', '"lib": "github:acme/lib#main"'],
    );
    const fixed = await findingsOf(RULE, text, path.join(locked, 'package.json'));
    assert.deepEqual(
      fixed[0].fix?.edits.map((edit) => edit.text),
      ['"3.23.8"'],
    );
  });

  it('checks bentofile.yaml python.packages', async () => {
    const text = 'service: "service:svc"\npython:\n  packages:\n    - scikit-learn==1.5.0\n    - "pandas>=2"\n    - torch\n';
    assert.deepEqual(await at(RULE, text, 'bentofile.yaml'), [
      { at: '5:7', text: '"pandas>=2"' },
      { at: '6:7', text: 'torch' },
    ]);
  });
});
