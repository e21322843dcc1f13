/**
 * Hostile workspaces for the CLI (dist/cli.js, as users run it): symbolic-link loops, unreadable
 * files and folders, files deleted mid-scan, a FIFO, a 50 MB file, binary and undecodable files, a
 * 100,000-entry tree. The scan always finishes, exits 0 or 1 (never 2: nothing here is a usage
 * error), prints valid JSON, and lists every file it could not analyse under `skipped` with a reason.
 * Also `--fix` twice: the second run changes no byte, and line endings, BOM and mode survive.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from './inputs';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const TIMEOUT_MS = 120_000;

interface Report {
  findings: Array<{ path: string; rule: string }>;
  skipped: Array<{ path: string; reason: string }>;
  summary: { files: number };
}

interface Run {
  status: number | null;
  report: Report;
  stderr: string;
}

function parse(status: number | null, stdout: string, stderr: string): Run {
  assert.ok(status === 0 || status === 1, `exit ${status} (expected 0 or 1); stderr: ${stderr.slice(0, 500)}`);
  let report: Report;
  try {
    report = JSON.parse(stdout) as Report;
  } catch {
    assert.fail(`not JSON on stdout: ${stdout.slice(0, 300)}; stderr: ${stderr.slice(0, 300)}`);
  }
  for (const entry of report.skipped)
    assert.ok(entry.reason && entry.reason.length > 3, `skipped without a reason: ${JSON.stringify(entry)}`);
  return { status, report, stderr };
}

function check(folder: string, extra: string[] = [], options: SpawnSyncOptions = {}): Run {
  const result = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json', '--fail-on', 'error', ...extra], {
    cwd: folder,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  });
  assert.equal(result.error, undefined, `the CLI did not finish: ${result.error?.message}`);
  return parse(result.status, String(result.stdout), String(result.stderr));
}

const reasonOf = (run: Run, file: string) =>
  run.report.skipped.find((entry) => entry.path === file || entry.path.endsWith('/' + file))?.reason;
const analysed = (run: Run, file: string) => run.report.findings.some((finding) => finding.path === file);

// A serving module (a FastAPI route): production code, so its missing timeout is reported.
const SERVING =
  'import requests\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/score")\ndef score(x: int):\n    return requests.get("http://model:8080/score", params={"x": x}).json()\n';

describe(
  'hostile workspaces: the CLI finishes, exits 0/1 and says why it skipped a file',
  { skip: fs.existsSync(CLI) ? false : 'dist/cli.js is not built (npm run build)' },
  () => {
    let base: string;
    const fresh = (name: string) => {
      const folder = path.join(base, name);
      fs.mkdirSync(folder, { recursive: true });
      return folder;
    };

    before(() => {
      base = fs.mkdtempSync(path.join(os.tmpdir(), 'prodready-hostile-'));
    });
    after(() => {
      // Restore permissions first, or the cleanup itself would fail as a non-root user.
      spawnSync('chmod', ['-R', 'u+rwx', base]);
      fs.rmSync(base, { recursive: true, force: true });
    });

    it('symbolic-link loops: folders linking to their parents and files linking to each other', () => {
      const folder = fresh('links');
      fs.writeFileSync(path.join(folder, 'serve.py'), SERVING);
      fs.mkdirSync(path.join(folder, 'pkg'));
      fs.symlinkSync('..', path.join(folder, 'pkg', 'up'));
      fs.symlinkSync(folder, path.join(folder, 'pkg', 'self'));
      fs.symlinkSync('b.py', path.join(folder, 'a.py'));
      fs.symlinkSync('a.py', path.join(folder, 'b.py'));
      fs.symlinkSync('missing.py', path.join(folder, 'dangling.py'));
      const run = check(folder);
      assert.ok(analysed(run, 'serve.py'), 'the real file is still analysed');
      for (const file of ['a.py', 'b.py', 'dangling.py'])
        assert.ok(reasonOf(run, file), `${file} should be skipped with a reason; skipped: ${JSON.stringify(run.report.skipped)}`);
    });

    it('a binary file, an undecodable file, a FIFO and an empty file', () => {
      const folder = fresh('odd-files');
      fs.writeFileSync(path.join(folder, 'serve.py'), SERVING);
      fs.writeFileSync(path.join(folder, 'weights.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0, 0xff]));
      fs.writeFileSync(path.join(folder, 'latin.py'), Buffer.from('x = "caf\xe9"\n', 'latin1'));
      fs.writeFileSync(path.join(folder, 'empty.py'), '');
      const fifo = spawnSync('mkfifo', [path.join(folder, 'pipe.py')]);
      const run = check(folder);
      assert.ok(analysed(run, 'serve.py'));
      assert.match(reasonOf(run, 'weights.py') ?? '', /binary/);
      assert.match(reasonOf(run, 'latin.py') ?? '', /UTF-8|decode|encoding/i);
      if (fifo.status === 0) assert.ok(!analysed(run, 'pipe.py'), 'a FIFO is never read');
    });

    it('a 50 MB file is skipped as over the size limit, quickly', () => {
      const folder = fresh('big');
      fs.writeFileSync(path.join(folder, 'serve.py'), SERVING);
      const line = 'x = [' + '1, '.repeat(30) + ']\n';
      const fd = fs.openSync(path.join(folder, 'huge.py'), 'w');
      const chunk = line.repeat(Math.ceil((1024 * 1024) / line.length));
      for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
      fs.closeSync(fd);
      const started = Date.now();
      const run = check(folder);
      assert.match(reasonOf(run, 'huge.py') ?? '', /size limit/);
      assert.ok(analysed(run, 'serve.py'));
      process.stdout.write(`# hostile: 50 MB file workspace checked in ${Date.now() - started} ms\n`);
    });

    const asRoot = process.getuid?.() === 0;
    it('unreadable files and folders (permission denied) are skipped with the reason', () => {
      const folder = fresh('denied');
      fs.chmodSync(base, 0o755);
      fs.chmodSync(folder, 0o755);
      fs.writeFileSync(path.join(folder, 'serve.py'), SERVING);
      fs.writeFileSync(path.join(folder, 'secret.py'), SERVING);
      fs.chmodSync(path.join(folder, 'secret.py'), 0o000);
      fs.mkdirSync(path.join(folder, 'locked'));
      fs.writeFileSync(path.join(folder, 'locked', 'inner.py'), SERVING);
      fs.chmodSync(path.join(folder, 'locked'), 0o000);
      fs.chmodSync(path.join(folder, 'serve.py'), 0o644);
      // Root reads files whatever their mode: run the CLI as an unprivileged user when we are root.
      const options: SpawnSyncOptions = asRoot ? { uid: 65534, gid: 65534 } : {};
      if (asRoot) {
        const probe = spawnSync(process.execPath, [CLI, '--version'], { ...options, encoding: 'utf8' });
        if (probe.status !== 0) {
          process.stdout.write(
            `# hostile: cannot run the CLI as an unprivileged user (${String(probe.stderr).slice(0, 120)}); permission test not run\n`,
          );
          return;
        }
      }
      const run = check(folder, [], options);
      assert.ok(analysed(run, 'serve.py'));
      assert.match(reasonOf(run, 'secret.py') ?? '', /EACCES|permission/i);
      assert.match(reasonOf(run, 'locked') ?? '', /EACCES|permission/i);
    });

    it('files and folders deleted while the scan runs', async () => {
      const folder = fresh('vanishing');
      const files: string[] = [];
      for (let i = 0; i < 60; i++) {
        const sub = path.join(folder, `pkg${i}`);
        fs.mkdirSync(sub);
        for (let j = 0; j < 50; j++) {
          const file = path.join(sub, `m${j}.py`);
          fs.writeFileSync(file, SERVING + `\n\ndef f${j}():\n    print(${j})\n`.repeat(20));
          files.push(file);
        }
      }
      const child = spawn(process.execPath, [CLI, 'check', '.', '--format', 'json', '--fail-on', 'error'], { cwd: folder });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      // Delete from the end, where the scan has not been yet, a file every few milliseconds until
      // the scan ends: some go before discovery, some between discovery and reading.
      let exited = false;
      void closed.then(() => (exited = true));
      for (let i = files.length - 1; i >= files.length / 2 && !exited; i--) {
        fs.rmSync(files[i], { force: true });
        if (i % 50 === 0) fs.rmSync(path.dirname(files[i]), { recursive: true, force: true });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
      const status = await closed;
      clearTimeout(timer);
      const run = parse(status, stdout, stderr);
      const vanished = run.report.skipped.filter((entry) => /disappeared|ENOENT/.test(entry.reason));
      process.stdout.write(`# hostile: deleted mid-scan: ${run.report.summary.files} analysed, ${vanished.length} skipped as gone\n`);
    });

    it('a tree of 100,000 entries is walked to the end', () => {
      const folder = fresh('wide');
      for (let i = 0; i < 100; i++) {
        const sub = path.join(folder, `d${i}`);
        fs.mkdirSync(sub);
        for (let j = 0; j < 1000; j++) fs.writeFileSync(path.join(sub, `f${j}.txt`), '');
      }
      fs.writeFileSync(path.join(folder, 'd99', 'serve.py'), SERVING);
      const started = Date.now();
      const run = check(folder);
      assert.ok(analysed(run, 'd99/serve.py'), 'the one Python file at the end of the walk is analysed');
      process.stdout.write(`# hostile: 100,000-entry tree checked in ${Date.now() - started} ms\n`);
    });

    it('--fix twice on a default path already read from the environment changes no byte', () => {
      const folder = fresh('fix-converges');
      fs.writeFileSync(
        path.join(folder, 'mount.js'),
        // `process` imported from node:process, as in wsl-utils (found by npm run sweep): the fix's own
        // `process.env.X ?? "/mnt/"` must count as an env read, or every pass wraps it again.
        "import process from 'node:process';\n\nexport function mountPoint() {\n  const defaultMountPoint = '/mnt/';\n  return defaultMountPoint;\n}\n",
      );
      check(folder, ['--fix']);
      const first = fs.readFileSync(path.join(folder, 'mount.js'), 'utf8');
      check(folder, ['--fix']);
      assert.equal(fs.readFileSync(path.join(folder, 'mount.js'), 'utf8'), first, 'the second --fix changed the file');
      assert.ok(first.split('process.env').length <= 2, `the fix was applied more than once:\n${first}`);
    });

    it('--fix twice: the second run changes no byte; CRLF, BOM, Latin-1 and the file mode survive', () => {
      const folder = fresh('fix');
      const flask = [
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        '',
        'if __name__ == "__main__":',
        '    app.run(host="0.0.0.0", debug=True)',
        '',
      ];
      const files: Record<string, Buffer> = {
        'crlf.py': Buffer.from(flask.join('\r\n'), 'utf8'),
        'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(flask.join('\n'), 'utf8')]),
        'latin.py': Buffer.from(['# -*- coding: latin-1 -*-', 'NAME = "caf\xe9"', ...flask].join('\n'), 'latin1'),
        'script.py': Buffer.from(flask.join('\n'), 'utf8'),
      };
      for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(folder, name), bytes);
      fs.chmodSync(path.join(folder, 'script.py'), 0o755);
      const read = () => Object.fromEntries(Object.keys(files).map((name) => [name, fs.readFileSync(path.join(folder, name))]));
      check(folder, ['--fix']);
      const first = read();
      const changed = Object.keys(files).filter((name) => !first[name].equals(files[name]));
      check(folder, ['--fix']);
      const second = read();
      for (const name of Object.keys(files)) assert.ok(second[name].equals(first[name]), `${name} changed on the second --fix`);
      process.stdout.write(`# hostile: --fix changed ${changed.length} of ${Object.keys(files).length} files, then nothing\n`);
      if (changed.includes('crlf.py')) {
        const text = first['crlf.py'].toString('utf8');
        assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'a bare LF was written into a CRLF file');
      }
      if (changed.includes('bom.py')) assert.deepEqual([...first['bom.py'].subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM was dropped');
      if (changed.includes('latin.py'))
        assert.ok(first['latin.py'].includes(Buffer.from('caf\xe9', 'latin1')), 'Latin-1 text was re-encoded');
      assert.equal(fs.statSync(path.join(folder, 'script.py')).mode & 0o777, 0o755, 'the file mode changed');
    });
  },
);
