import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitignoreTree, isIgnoredBy, parseGitignore } from '../../../src/core/gitignore';

/**
 * Each case: one `.gitignore` at the top, then paths (a trailing `/` marks a folder) and whether
 * git ignores them. The expectations were checked against `git check-ignore --no-index` once,
 * when the matcher was written; the matcher itself never runs git.
 */
const CASES: Array<{ gitignore: string; ignored: string[]; kept: string[] }> = [
  { gitignore: '*.log', ignored: ['a.log', 'dir/b.log', 'dir/sub/c.log', 'x.log/'], kept: ['a.log.txt', 'log', 'alog.py'] },
  { gitignore: '/out', ignored: ['out/', 'out'], kept: ['src/out/', 'src/out', 'output/'] },
  { gitignore: 'build/', ignored: ['build/', 'src/build/'], kept: ['build', 'src/build', 'builder/'] },
  { gitignore: 'doc/frotz', ignored: ['doc/frotz', 'doc/frotz/'], kept: ['a/doc/frotz', 'doc/frotz2'] },
  { gitignore: 'doc/frotz/', ignored: ['doc/frotz/'], kept: ['doc/frotz', 'a/doc/frotz/'] },
  { gitignore: '**/foo', ignored: ['foo', 'a/foo', 'a/b/foo/'], kept: ['afoo', 'foo.py'] },
  { gitignore: '**/foo/bar', ignored: ['foo/bar', 'x/foo/bar', 'x/y/foo/bar/'], kept: ['foo/x/bar', 'bar'] },
  { gitignore: 'abc/**', ignored: ['abc/x', 'abc/x/y.py', 'abc/d/'], kept: ['abc/', 'abc', 'x/abc/y'] },
  { gitignore: 'a/**/b', ignored: ['a/b', 'a/x/b', 'a/x/y/b/'], kept: ['a/xb', 'x/a/b', 'ab'] },
  { gitignore: 'a/*.py', ignored: ['a/x.py'], kept: ['a/b/x.py', 'x.py', 'b/a/x.py'] },
  { gitignore: '*.py\n!keep.py', ignored: ['x.py', 'd/y.py'], kept: ['keep.py', 'd/keep.py'] },
  { gitignore: '!keep.py\n*.py', ignored: ['keep.py', 'x.py'], kept: ['x.txt'] },
  { gitignore: '# a comment\n\n\\#hash\n\\!bang', ignored: ['#hash', '!bang'], kept: ['# a comment', 'hash', 'bang'] },
  { gitignore: 'trail   \nspace\\ ', ignored: ['trail', 'space '], kept: ['trail   ', 'space'] },
  {
    gitignore: 'file?.txt\nv[0-9].py\nn[!a-c]x',
    ignored: ['file1.txt', 'v7.py', 'ndx'],
    kept: ['file12.txt', 'file/.txt', 'vx.py', 'nax', 'nbx'],
  },
  { gitignore: '**', ignored: ['a', 'a/b', 'a/'], kept: [] },
  { gitignore: 'foo**bar', ignored: ['foobar', 'fooxbar', 'd/fooxbar'], kept: ['foo/bar'] },
  { gitignore: '*.ipynb\r\n!keep.ipynb\r\n', ignored: ['a.ipynb'], kept: ['keep.ipynb'] },
];

describe('gitignore patterns', () => {
  for (const { gitignore, ignored, kept } of CASES) {
    it(JSON.stringify(gitignore), () => {
      const rules = parseGitignore(gitignore);
      const check = (entry: string) => isIgnoredBy(rules, entry.replace(/\/$/, ''), entry.endsWith('/'));
      for (const entry of ignored) assert.equal(check(entry), true, `${entry} is ignored`);
      for (const entry of kept) assert.equal(check(entry), false, `${entry} is not ignored`);
    });
  }

  it('a hostile pattern takes no time on long names and deep paths (no backtracking regex)', () => {
    const started = performance.now();
    const stars = parseGitignore(
      `${'*a'.repeat(12)}*b\n${'**/'.repeat(12)}x\n${' '.repeat(20_000)}y${' '.repeat(20_000)}\n${'/'.repeat(20_000)}\n`,
    );
    assert.equal(isIgnoredBy(stars, 'a'.repeat(255), false), false);
    assert.equal(isIgnoredBy(stars, `${'a'.repeat(254)}b`, false), true);
    assert.equal(isIgnoredBy(stars, `${'d/'.repeat(200)}y`, false), false);
    assert.equal(isIgnoredBy(stars, `${'d/'.repeat(200)}x`, false), true);
    assert.ok(performance.now() - started < 500, `${Math.round(performance.now() - started)} ms`);
  });

  it('a nested .gitignore is relative to its own folder and overrides the one above', () => {
    const rules = [...parseGitignore('*.py\n/gen\n', ''), ...parseGitignore('!keep.py\n/gen\n', 'sub')];
    assert.equal(isIgnoredBy(rules, 'sub/keep.py', false), false);
    assert.equal(isIgnoredBy(rules, 'other/keep.py', false), true);
    assert.equal(isIgnoredBy(rules, 'sub/x.py', false), true);
    assert.equal(isIgnoredBy(rules, 'gen', true), true);
    assert.equal(isIgnoredBy(rules, 'sub/gen', true), true);
    assert.equal(isIgnoredBy(rules, 'sub/a/gen', true), false);
  });
});

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prodready-gitignore-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

describe('GitignoreTree', () => {
  it('reads .gitignore files from the repository root down and .git/info/exclude below them', () => {
    const root = tree({
      '.git/info/exclude': 'local_*\n*.tmp.py\n',
      '.gitignore': '!important.tmp.py\n',
      'app/.gitignore': 'scratch/\n',
      'app/main.py': '',
    });
    const ignores = new GitignoreTree(path.join(root, 'app'));
    assert.equal(ignores.top, root, 'the top is the git root, above the checked folder');
    assert.equal(ignores.ignores(path.join(root, 'app', 'local_notes.py'), false), true);
    assert.equal(ignores.ignores(path.join(root, 'app', 'x.tmp.py'), false), true);
    assert.equal(ignores.ignores(path.join(root, 'app', 'important.tmp.py'), false), false, '.gitignore wins over info/exclude');
    assert.equal(ignores.ignores(path.join(root, 'app', 'scratch'), true), true);
    assert.equal(ignores.ignores(path.join(root, 'scratch'), true), false);
    assert.equal(ignores.ignores(path.join(root, 'app', 'main.py'), false), false);
  });

  it('follows a worktree .git file to the common git folder for info/exclude', () => {
    const root = tree({
      'main/.git/info/exclude': 'secret_*.py\n',
      'main/.git/worktrees/wt/commondir': '../..\n',
      'wt/app.py': '',
    });
    fs.writeFileSync(path.join(root, 'wt', '.git'), `gitdir: ${path.join(root, 'main', '.git', 'worktrees', 'wt')}\n`);
    const ignores = new GitignoreTree(path.join(root, 'wt'));
    assert.equal(ignores.top, path.join(root, 'wt'));
    assert.equal(ignores.ignores(path.join(root, 'wt', 'secret_key.py'), false), true);
    assert.equal(ignores.ignores(path.join(root, 'wt', 'app.py'), false), false);
  });
});
