import { DEFAULT_RULE_OPTIONS } from '../../../src/core/types';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { manifest as implementation } from '../../../src/rules/unpinned-dependency/manifest';
import { at, assertManifestFixed, findingsOf, tempProject } from '../manifests/util';

const RULE = 'unpinned-dependency';
const dependencyHook = implementation.dependencies!;

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
    // The lockfile belongs to the repository root's project: pinning svc/pyproject.toml leaves it current.
    const fixed = await assertManifestFixed(RULE, text, path.join(root, 'svc', 'pyproject.toml'));
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

  it('checks package.json dependencies (git refs without a commit too); a lockfile beside it or at its workspace root pins it', async () => {
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
    for (const lockfile of ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml']) {
      const locked = tempProject({ 'package.json': text, [lockfile]: '{}' });
      assert.deepEqual(await at(RULE, text, path.join(locked, 'package.json')), [], lockfile);
    }
    const workspace = tempProject({
      'package.json': JSON.stringify({ private: true, workspaces: ['packages/*'] }),
      'package-lock.json': '{}',
      'packages/gw/package.json': text,
    });
    assert.deepEqual(await at(RULE, text, path.join(workspace, 'packages/gw/package.json')), []);
  });

  it('a pyproject.toml or Pipfile with its own lockfile beside it is pinned by it (R2.6 Lockfiles)', async () => {
    const pyproject = '[project]\nname = "x"\ndependencies = ["fastapi>=0.110", "torch"]\n';
    for (const lockfile of ['poetry.lock', 'uv.lock', 'pdm.lock']) {
      const root = tempProject({ 'pyproject.toml': pyproject, [lockfile]: '' });
      assert.deepEqual(await at(RULE, pyproject, path.join(root, 'pyproject.toml')), [], lockfile);
    }
    const member = tempProject({
      'pyproject.toml': '[project]\nname = "ws"\n\n[tool.uv.workspace]\nmembers = ["svc"]\n',
      'uv.lock': '',
      'svc/pyproject.toml': pyproject,
    });
    assert.deepEqual(await at(RULE, pyproject, path.join(member, 'svc/pyproject.toml')), [], 'uv workspace member');
    const pipfile = '[packages]\nflask = "*"\n';
    assert.deepEqual(await at(RULE, pipfile, path.join(tempProject({ Pipfile: pipfile, 'Pipfile.lock': '{}' }), 'Pipfile')), []);
    const alone = tempProject({ 'pyproject.toml': pyproject });
    assert.equal((await at(RULE, pyproject, path.join(alone, 'pyproject.toml'))).length, 2);
  });

  it('with a deployment model: only installed manifests; through the lockfile pins; around it reports without a fix', async () => {
    const root = tempProject({
      'pyproject.toml': '',
      'poetry.lock': '[[package]]\nname = "fastapi"\nversion = "0.111.0"\n',
    });
    const file = path.join(root, 'pyproject.toml');
    const dependency = {
      ecosystem: 'python' as const,
      name: 'fastapi',
      start: 0,
      end: 7,
      pin: 'loose' as const,
      constraint: '>=0.110',
      pinEdit: () => ({ start: 0, end: 0, text: '' }),
    };
    const run = (manifestDeployment: { installed: boolean; throughLockfile: boolean }) => {
      const reported: Array<{ message: string; fix?: unknown }> = [];
      dependencyHook(
        { path: file, text: '', dependencies: [dependency] },
        {
          path: file,
          text: '',
          options: DEFAULT_RULE_OPTIONS,
          deployment: { manifest: manifestDeployment },
          report: (finding) => reported.push(finding),
        },
      );
      return reported;
    };
    assert.deepEqual(run({ installed: false, throughLockfile: false }), [], 'not installed');
    assert.deepEqual(run({ installed: true, throughLockfile: true }), [], 'poetry install');
    const [finding] = run({ installed: true, throughLockfile: false });
    assert.match(finding.message, /fastapi is not pinned/);
    assert.equal(finding.fix, undefined, 'pinning pyproject.toml would leave poetry.lock stale');
  });

  it('pins from the project environment (.venv site-packages, node_modules) when no lockfile records a version', async () => {
    const root = tempProject({
      '.venv/pyvenv.cfg': 'home = /usr/bin\n',
      '.venv/lib/python3.11/site-packages/scikit_learn-1.5.0.dist-info/METADATA': '',
      'requirements.txt': 'scikit-learn>=1.3\n',
    });
    assert.equal(await assertManifestFixed(RULE, 'scikit-learn>=1.3\n', path.join(root, 'requirements.txt')), 'scikit-learn==1.5.0\n');
    const [finding] = await findingsOf(RULE, 'scikit-learn>=1.3\n', path.join(root, 'requirements.txt'));
    assert.equal(finding.fix?.safe, true);
    const node = tempProject({ 'node_modules/express/package.json': JSON.stringify({ name: 'express', version: '4.19.2' }) });
    const text = '{\n  "dependencies": {\n    "express": "^4.19.0"\n  }\n}\n';
    assert.equal(await assertManifestFixed(RULE, text, path.join(node, 'package.json')), text.replace('^4.19.0', '4.19.2'));
  });

  it('checks bentofile.yaml python.packages', async () => {
    const text = 'service: "service:svc"\npython:\n  packages:\n    - scikit-learn==1.5.0\n    - "pandas>=2"\n    - torch\n';
    assert.deepEqual(await at(RULE, text, 'bentofile.yaml'), [
      { at: '5:7', text: '"pandas>=2"' },
      { at: '6:7', text: 'torch' },
    ]);
  });
});

describe('unpinned-dependency (Dockerfile RUN installs)', () => {
  it('flags each unpinned package of pip / python -m pip / uv pip / npm install on its own line; flags and their values are not packages', async () => {
    const text = [
      'FROM python:3.11-slim',
      'RUN pip install --no-cache-dir \\',
      '    fastapi==0.111.0 \\',
      '    # the ASGI server',
      '    "uvicorn[standard]" \\',
      '    -r requirements.txt \\',
      '    --extra-index-url https://download.pytorch.org/whl/cpu torch>=2.3 \\',
      '    ./vendor/mylib /wheels/*.whl ${EXTRA_PACKAGES} \\',
      '    mylib@git+https://github.com/acme/mylib.git@main',
      'RUN python3 -m pip --disable-pip-version-check install -U pip && uv pip install --system "pandas~=2.2" numpy===1.26.4',
      'RUN npm install -g pm2 @scope/cli@1.2.3 left-pad@latest && npm ci && npm install',
      'RUN ["pip", "install", "httpx"]',
      'CMD ["uvicorn", "app:app"]',
      '',
    ].join('\n');
    assert.deepEqual(await at(RULE, text, 'Dockerfile'), [
      { at: '5:6', text: 'uvicorn[standard]' },
      { at: '7:60', text: 'torch>=2.3' },
      { at: '9:5', text: 'mylib@git+https://github.com/acme/mylib.git@main' },
      { at: '10:59', text: 'pip' },
      { at: '10:91', text: 'pandas~=2.2' },
      { at: '11:20', text: 'pm2' },
      { at: '11:41', text: 'left-pad@latest' },
      { at: '12:25', text: 'httpx' },
    ]);
  });

  it('-c constraints, --require-hashes and a PIP_CONSTRAINT env count as pins', async () => {
    assert.deepEqual(
      await at(RULE, 'FROM python:3.11\nRUN pip install -c constraints.txt torch transformers\nCMD ["python"]\n', 'Dockerfile'),
      [],
    );
    assert.deepEqual(await at(RULE, 'FROM python:3.11\nRUN pip install --require-hashes torch\nCMD ["python"]\n', 'Dockerfile'), []);
    assert.deepEqual(
      await at(
        RULE,
        'FROM python:3.11 AS base\nENV PIP_CONSTRAINT=/c.txt\nFROM base\nRUN pip install torch\nCMD ["python"]\n',
        'Dockerfile',
      ),
      [],
    );
    assert.deepEqual(await at(RULE, 'FROM python:3.11\nRUN uv pip install --system --exclude-newer 2024-06-01 torch\n', 'Dockerfile'), []);
  });

  it('reads builder stages that a target builds or copies from, not stages no target uses', async () => {
    const text = [
      'FROM python:3.11 AS wheels',
      'RUN pip wheel --wheel-dir /w torch && pip install build',
      'FROM python:3.11 AS lint',
      'RUN pip install ruff',
      'FROM python:3.11-slim',
      'COPY --from=wheels /w /w',
      'RUN pip install flask',
      'CMD ["gunicorn", "app:app"]',
      '',
    ].join('\n');
    assert.deepEqual(
      (await at(RULE, text, 'Dockerfile')).map((f) => `${f.at} ${f.text}`),
      ['2:51 build', '7:17 flask'],
    );
  });

  it('pins from the project lockfile, in place, and the Dockerfile still parses', async () => {
    const root = tempProject({
      'uv.lock': 'version = 1\n\n[[package]]\nname = "uvicorn"\nversion = "0.30.1"\n\n[[package]]\nname = "torch"\nversion = "2.3.1"\n',
      'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/pm2': { version: '5.4.2' } } }),
    });
    const text =
      'FROM python:3.11-slim\nRUN pip install "uvicorn[standard]" \\\n    torch>=2\nRUN npm install -g pm2\nCMD ["uvicorn", "app:app"]\n';
    assert.equal(
      await assertManifestFixed(RULE, text, path.join(root, 'Dockerfile')),
      'FROM python:3.11-slim\nRUN pip install "uvicorn[standard]==0.30.1" \\\n    torch==2.3.1\nRUN npm install -g pm2@5.4.2\nCMD ["uvicorn", "app:app"]\n',
    );
  });
});
