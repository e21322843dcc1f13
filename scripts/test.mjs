// `npm test`: type-check and compile, lint, format check, the generated-artifact checks (docs pages
// and README table; package.json contributes and the config JSON schema), the unit and reliability
// suites (node's test runner), then the same extension suite inside a real VS Code (code-server +
// headless Chromium). `--unit-only` stops before the real VS Code. Ends with one plain
// "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const skipHost = process.argv.includes('--unit-only') || process.env.PRODREADY_SKIP_VSCODE === '1';
let passed = 0;
let failed = 0;
const failures = [];

function step(label, command, args, { capture = false } = {}) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${label}\n`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (capture && result.stdout) process.stdout.write(result.stdout);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  process.stdout.write(`${ok ? '✔' : '✖'} ${label} (${seconds} s)\n`);
  if (!ok) failures.push(label);
  return { ok, stdout: result.stdout ?? '' };
}

const npx = (bin, ...args) => ['node', [join(root, 'node_modules', '.bin', bin), ...args]];
const counted = (label, out) => {
  const pass = Number(/^# pass (\d+)/m.exec(out)?.[1] ?? /(\d+) passed, \d+ failed/.exec(out)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(out)?.[1] ?? /\d+ passed, (\d+) failed/.exec(out)?.[1] ?? 0);
  passed += pass;
  failed += fail;
  if (!pass && !fail) failures.push(`${label}: ran no test`);
};

step('build (esbuild bundles)', 'node', ['scripts/build.mjs']);
step('compile and type-check (tsc)', ...npx('tsc', '-p', 'tsconfig.json'));
step('lint (eslint)', ...npx('eslint', 'src', 'test', 'scripts'));
step('format (prettier --check)', ...npx('prettier', '--check', 'src/**/*.ts', 'test/**/*.ts'));
step('generated docs pages and README table are current', 'node', ['scripts/gen-docs.mjs', '--check']);
step('generated package.json contributes and config schema are current', 'node', ['scripts/vscode-host/contributes.mjs', '--check']);
const unit = step('unit and reliability tests', 'node', ['--test', '--test-reporter=tap', 'out/test/unit/'], { capture: true });
counted('unit tests', unit.stdout);
if (!skipHost) {
  const host = step('extension tests in a real VS Code (code-server)', 'node', ['scripts/vscode-host/run.mjs', '--no-build'], { capture: true });
  counted('real VS Code suite', host.stdout);
}

if (failures.length) process.stdout.write(`\nFailed: ${failures.join('; ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failures.length || failed ? 1 : 0);
