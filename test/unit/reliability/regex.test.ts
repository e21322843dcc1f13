/**
 * Regular expressions on file content must not backtrack catastrophically: a crafted line in a
 * workspace file would otherwise freeze the editor. Every regex literal in src/ is found through
 * TypeScript's own parser (so a new rule's regexes are covered without listing them) and run against
 * long adversarial strings built from its own characters; then whole files of such strings go
 * through the engine for every kind, which also covers the regexes built at run time.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { analyzeText } from '../../../src/session/engine';
import { parseSuppressions } from '../../../src/core/suppressions';
import { ALL_KINDS, ROOT, SAMPLE_PATHS } from './inputs';

interface FoundRegex {
  where: string;
  regex: RegExp;
}

function regexLiterals(): FoundRegex[] {
  const found: FoundRegex[] = [];
  const visitFolder = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visitFolder(full);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        const source = ts.createSourceFile(full, text, ts.ScriptTarget.Latest, true);
        const visit = (node: ts.Node) => {
          if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
            const literal = node.getText(source);
            const end = literal.lastIndexOf('/');
            try {
              // The same flags except `g`/`y`, whose lastIndex would carry over between probes.
              const regex = new RegExp(literal.slice(1, end), literal.slice(end + 1).replace(/[gy]/g, ''));
              const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
              found.push({ where: `${path.relative(ROOT, full)}:${line} ${literal.slice(0, 80)}`, regex });
            } catch {
              // a literal this Node cannot compile would fail the build long before this test
            }
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
      }
    }
  };
  visitFolder(path.join(ROOT, 'src'));
  return found;
}

/** Characters a regex's source names literally, plus the usual suspects. */
function alphabetOf(regex: RegExp): string[] {
  const literal = regex.source.replace(/\\[dDwWsSbBnrtfv]/g, '').replace(/\\(.)/g, '$1');
  const chars = new Set<string>([' ', '\t', 'a', 'A', '0', '_', '-', '.', '/', '\\', '"', "'", '=', ':', ',', '#', '(', '[', '\n']);
  for (const ch of literal) if (ch >= ' ' && ch <= '~') chars.add(ch);
  return [...chars];
}

/** Long strings that make a backtracking regex try many ways to match and then fail at the end. */
function adversarialStrings(regex: RegExp, length: number): string[] {
  const alphabet = alphabetOf(regex);
  const out: string[] = [];
  for (const ch of alphabet) out.push(ch.repeat(length) + '\u0001');
  const named = alphabet.filter((ch) => regex.source.includes(ch)).slice(0, 12);
  for (const a of named) for (const b of named) if (a !== b) out.push((a + b).repeat(length / 2) + '\u0001');
  // Words of the pattern repeated: `keyword=keyword=…`, `AKIAAKIA…`
  for (const word of regex.source.match(/[A-Za-z_-]{3,}/g) ?? [])
    out.push(word.repeat(Math.ceil(length / word.length)) + '\u0001', `${word} `.repeat(Math.ceil(length / (word.length + 1))) + '\u0001');
  return out;
}

const LENGTH = 20_000;
/** O(n) over 20,000 characters is well under a millisecond; O(n²) is around a second, exponential never ends. */
const BOUND_MS = 1000;

const ADVERSARIAL_LINES: Array<[string, (n: number) => string]> = [
  ['AKIA repeated', (n) => 'AKIA'.repeat(n / 4)],
  ['sk- repeated', (n) => 'sk-'.repeat(n / 3)],
  ['password= repeated', (n) => 'password'.repeat(n / 8) + '='],
  ['unterminated key string', (n) => 'api_key = "' + 'A1'.repeat(n / 2)],
  ['PEM headers', (n) => '-----BEGIN '.repeat(n / 11)],
  ['slashes', (n) => '/'.repeat(n) + 'x'],
  ['/tmp repeated', (n) => '/tmp'.repeat(n / 4)],
  ['C:\\ repeated', (n) => 'C:\\'.repeat(n / 3)],
  ['~/ repeated', (n) => '~/'.repeat(n / 2)],
  ['cuda: repeated', (n) => 'cuda:'.repeat(n / 5)],
  ['http:// repeated', (n) => 'http://'.repeat(n / 7)],
  ['os.environ[ repeated', (n) => 'os.environ['.repeat(n / 11)],
  ['requests.get( repeated', (n) => 'requests.get('.repeat(n / 13)],
  ['timeout= repeated', (n) => 'timeout='.repeat(n / 8)],
  ['spaces', (n) => ' '.repeat(n) + 'x'],
  ['tabs then #', (n) => '\t'.repeat(n) + '#'],
  ['a.a.a…(', (n) => 'a.'.repeat(n / 2) + '('],
  ['double quotes', (n) => '"'.repeat(n + 1)],
  ['single quotes', (n) => "'".repeat(n + 1)],
  ['== repeated', (n) => '=='.repeat(n / 2)],
  ['>= repeated', (n) => '>='.repeat(n / 2)],
  ['open list', (n) => '[' + 'a,'.repeat(n / 2)],
  ['${{{…', (n) => '$' + '{'.repeat(n)],
  ['FROM repeated', (n) => 'FROM '.repeat(n / 5)],
  ['latest repeated', (n) => 'latest'.repeat(n / 6)],
  ['colons', (n) => ':'.repeat(n)],
];

describe('regular expressions are safe from catastrophic backtracking', () => {
  const regexes = regexLiterals();
  const key = (where: string) => where.replace(/:\d+ /, ' ');

  it('finds the regex literals of src/', () => {
    assert.ok(regexes.length > 20, `only ${regexes.length} regex literals found`);
  });

  const probe = (selected: FoundRegex[], length: number, bound: number) => {
    const slow: string[] = [];
    let probes = 0;
    let worst = { ms: 0, where: '' };
    for (const { where, regex } of selected) {
      for (const input of adversarialStrings(regex, length)) {
        const started = performance.now();
        regex.test(input);
        const ms = performance.now() - started;
        probes++;
        if (ms > worst.ms) worst = { ms, where };
        if (ms > bound) {
          slow.push(`${key(where)}: ${ms.toFixed(0)} ms on ${JSON.stringify(input.slice(0, 12))}…`);
          break;
        }
      }
    }
    return { slow, probes, worst };
  };

  it('no regex literal in src/ backtracks exponentially (2,000-character probes)', () => {
    const { slow } = probe(regexes, 2_000, 250);
    assert.deepEqual(slow, []);
  });

  it(`every regex literal in src/ runs in linear time on ${LENGTH.toLocaleString('en-US')}-character adversarial strings`, () => {
    const { slow, probes, worst } = probe(regexes, LENGTH, BOUND_MS);
    process.stdout.write(`# regex: ${regexes.length} literals, ${probes} probes; slowest ${worst.ms.toFixed(1)} ms (${worst.where})\n`);
    assert.deepEqual(slow, []);
  });

  it('suppression comments: long, unterminated and repeated directives parse fast', () => {
    const hostile = [
      '# prodready: ignore[' + 'a,'.repeat(200_000),
      ('# prodready: ' + ' '.repeat(1000)).repeat(200),
      '#' + ' \t'.repeat(200_000) + 'prodready:',
      'x = 1  # prodready: ignore[missing-timeout]\n'.repeat(20_000),
      '// /* <!-- # '.repeat(50_000) + 'prodready: ignore',
    ];
    for (const text of hostile) {
      const started = performance.now();
      parseSuppressions(text);
      const ms = performance.now() - started;
      assert.ok(ms < 5 * BOUND_MS, `parseSuppressions took ${ms.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 30))}…`);
    }
  });

  it('many markers on one long line parse fast', () => {
    // 1 MB each: a line prefix read again for every marker took ~40 s on the first.
    const hostile = [
      'prodready:'.repeat(100_000),
      ' '.repeat(500_000) + '#prodready:'.repeat(45_000),
      '# prodready: ignore '.repeat(50_000),
    ];
    for (const text of hostile) {
      const started = performance.now();
      parseSuppressions(text);
      const ms = performance.now() - started;
      assert.ok(
        ms < BOUND_MS,
        `parseSuppressions took ${ms.toFixed(0)} ms on ${JSON.stringify(text.slice(0, 20))}… (${text.length} characters)`,
      );
    }
  });

  const ENGINE_LENGTH = 10_000;
  for (const kind of ALL_KINDS) {
    const file = SAMPLE_PATHS[kind][0];
    // Python's `~/~/…` line meets tree-sitter's super-linear error recovery: the parse budget
    // (parseBudgetMs, 1.5 s here) cancels it and the file is skipped with that reason.
    it(`adversarial ${ENGINE_LENGTH.toLocaleString('en-US')}-character lines go through the engine fast as ${file}`, async () => {
      for (const [name, make] of ADVERSARIAL_LINES) {
        const text = make(ENGINE_LENGTH) + '\n';
        const started = performance.now();
        await analyzeText({ path: file, text });
        const ms = performance.now() - started;
        assert.ok(ms < 5 * BOUND_MS, `${file}: ${ms.toFixed(0)} ms on a ${name} line of ${text.length} characters`);
      }
    });
  }
});
