import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import type { FileAnalysis } from '../../src/core/engine';
import { fileKindOf } from '../../src/core/fileKinds';
import { applyFixes } from '../../src/core/fixes';
import { LineIndex } from '../../src/core/text';
import { DEFAULT_RULE_OPTIONS, type Finding, type RuleOptions } from '../../src/core/types';
import { parseDockerfile } from '../../src/parsers/dockerfile/model';
import { parsePython } from '../../src/parsers/python/analyze';
import { parseTypeScript } from '../../src/parsers/typescript/parse';
import { analyzeProject, analyzeText, isRuleId, ruleMeta } from '../../src/session/engine';

/*
 * A table-driven rule tester, in the spirit of ESLint's RuleTester. Every case runs through the real
 * engine (`src/session/engine.ts`) with every registered rule at its default severity, as
 * `prodready check` runs a file: the per-file pass, then the project pass over the case's file (and
 * any `files` beside it).
 *
 *   ruleTester.run('swallowed-exception', {
 *     valid: [{ path: 'app/serve.py', code: 'try:\n    a()\nexcept KeyError:\n    pass\n' }],
 *     invalid: [{ path: 'app/serve.py', code, errors: [{ line: 4, column: 1, message: /^except Exception/ }], output }],
 *   });
 *
 * Valid: the file is analysed (not skipped) and the rule reports nothing.
 * Invalid: the rule reports exactly `errors`, in order; then, when any finding carries a fix, every
 * fix of the rule's findings is applied in passes as `--fix` does and the tester checks that the result
 * equals `output`, parses without a new syntax error, no longer has the findings that had a fix, is a
 * fixed point (a further pass changes nothing), and shows no finding of another rule that was not there
 * before. `output: null` asserts that no finding carries a fix; leaving `output` out when there is a
 * fix fails (with the fixed text to copy), so every fix a rule offers is pinned down by a test.
 */

export interface ValidCase {
  /** The test's title; defaults to the first line of the code. */
  name?: string;
  /** Decides the file kind: `app/serve.py`, `src/server.ts`, `Dockerfile`, `k8s/deploy.yaml`, `requirements.txt`. */
  path: string;
  code: string;
  /** Rule options (`.prodready.yaml` / settings), over the defaults. */
  options?: Partial<RuleOptions>;
  /** Other files of the same project (path → text), for the project pass of cross-file rules. */
  files?: Record<string, string>;
  /** The folder the check runs on (the project pass's root); default: the working directory. */
  root?: string;
}

export interface ExpectedError {
  /** 1-based, as the CLI prints them; columns count UTF-16 code units. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The whole message, or a pattern it must match. */
  message: string | RegExp;
  /** A notebook's cell (0-based); positions are then inside that cell. */
  cell?: number;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The text after every fix of the rule's findings; null: no finding carries a fix. */
  output?: string | null;
  /** Whether every fix is safe (runs on `--fix` and on save). */
  safe?: boolean;
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** A finding as a user sees it: 1-based positions, like the CLI. */
export interface LocatedFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  cell?: number;
}

const MAX_FIX_PASSES = 10;

/** Every finding of the file as `prodready check` reports it: per-file pass, then the project pass. */
export async function analyzeCase(test: ValidCase, code = test.code): Promise<FileAnalysis> {
  const options = { ...DEFAULT_RULE_OPTIONS, ...test.options };
  const analysis = await analyzeText({ path: test.path, text: code, options });
  const texts = new Map<string, string>([[test.path, code]]);
  const others: FileAnalysis[] = [];
  for (const [file, text] of Object.entries(test.files ?? {})) {
    texts.set(file, text);
    others.push(await analyzeText({ path: file, text, options }));
  }
  const cross = analyzeProject([analysis, ...others], {
    roots: [test.root ?? process.cwd()],
    readText: (file) => texts.get(file),
    // The project is exactly the case's files: no marker on disk (this repository's .git) decides its root.
    hasMarker: () => false,
  });
  // The project pass gives the file's complete findings: its own that stay in scope, and its cross-file ones.
  const findings = cross.get(test.path);
  return findings ? { ...analysis, findings } : analysis;
}

export function locate(finding: Finding, analysis: Pick<FileAnalysis, 'cells'>, text: string): LocatedFinding {
  const source = finding.cell !== undefined ? (analysis.cells?.[finding.cell] ?? '') : text;
  const lines = new LineIndex(source);
  const start = lines.position(finding.start);
  const end = lines.position(finding.end);
  const located: LocatedFinding = {
    line: start.line + 1,
    column: start.column + 1,
    endLine: end.line + 1,
    endColumn: end.column + 1,
    message: finding.message,
  };
  if (finding.cell !== undefined) located.cell = finding.cell;
  return located;
}

/** Syntax errors a parser of the file's kind reports (the engine's `skipped` covers the other kinds). */
export async function syntaxErrors(file: string, text: string): Promise<string[]> {
  switch (fileKindOf(file)) {
    case 'python': {
      const tree = await parsePython(text);
      try {
        return tree.rootNode.hasError ? ['Python syntax error'] : [];
      } finally {
        tree.delete();
      }
    }
    case 'typescript': {
      const parsed = parseTypeScript(text, file);
      return 'error' in parsed ? [parsed.error] : [];
    }
    case 'yaml':
      return parseAllDocuments(text).flatMap((document) => ('errors' in document ? document.errors.map((error) => error.message) : []));
    case 'dockerfile':
      try {
        parseDockerfile(text);
        return [];
      } catch (error) {
        return [error instanceof Error ? error.message : String(error)];
      }
    default:
      return [];
  }
}

function describeFindings(found: readonly LocatedFinding[]): string {
  if (!found.length) return '(none)';
  return found.map((f) => JSON.stringify(f)).join('\n');
}

const titleOf = (test: ValidCase) => test.name ?? `${test.path}: ${test.code.split(/\r?\n/).find((line) => line.trim()) ?? '(empty)'}`;

function messageMatches(actual: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

async function runValid(ruleId: string, test: ValidCase): Promise<void> {
  const analysis = await analyzeCase(test);
  assert.equal(analysis.skipped, undefined, `the file was not analysed (${analysis.skipped}), so it proves nothing:\n${test.code}`);
  if (fileKindOf(test.path) === 'typescript') {
    // A TS/JS file with a syntax error is analysed with its broken line blanked: a near-miss with a typo could pass.
    assert.deepEqual(await syntaxErrors(test.path, test.code), [], `the snippet does not parse:\n${test.code}`);
  }
  const own = analysis.findings.filter((finding) => finding.ruleId === ruleId).map((f) => locate(f, analysis, test.code));
  assert.deepEqual(own, [], `expected ${ruleId} not to flag:\n${test.code}`);
}

async function runInvalid(ruleId: string, test: InvalidCase): Promise<void> {
  assert.ok(test.errors.length > 0, 'an invalid case lists at least one expected error');
  const meta = ruleMeta(ruleId)!;
  const before = await analyzeCase(test);
  assert.equal(before.skipped, undefined, `the file was not analysed: ${before.skipped}`);
  const own = before.findings.filter((finding) => finding.ruleId === ruleId);
  const located = own.map((finding) => locate(finding, before, test.code));
  const mismatch = () => `${ruleId} reported:\n${describeFindings(located)}\nfor:\n${test.code}`;
  assert.equal(located.length, test.errors.length, `expected ${test.errors.length} finding(s); ${mismatch()}`);
  test.errors.forEach((expected, index) => {
    const actual = located[index];
    const label = `finding ${index + 1}`;
    assert.equal(actual.cell, expected.cell, `${label}: cell; ${mismatch()}`);
    assert.equal(actual.line, expected.line, `${label}: line; ${mismatch()}`);
    assert.equal(actual.column, expected.column, `${label}: column; ${mismatch()}`);
    if (expected.endLine !== undefined) assert.equal(actual.endLine, expected.endLine, `${label}: endLine; ${mismatch()}`);
    if (expected.endColumn !== undefined) assert.equal(actual.endColumn, expected.endColumn, `${label}: endColumn; ${mismatch()}`);
    assert.ok(
      messageMatches(actual.message, expected.message),
      `${label}: message ${JSON.stringify(actual.message)} does not match ${String(expected.message)}`,
    );
  });

  const fixed = own.filter((finding) => finding.fix);
  if (fixed.length) {
    assert.ok(meta.fixable, `${ruleId} offers a fix but its definition says fixable: false`);
  }
  if (test.safe !== undefined) {
    assert.ok(fixed.length > 0, '`safe` is given but no finding carries a fix');
    for (const finding of fixed) assert.equal(finding.fix!.safe, test.safe, `fix "${finding.fix!.description}": safe`);
  }
  if (test.output === null) {
    assert.deepEqual(
      fixed.map((finding) => finding.fix!.description),
      [],
      'output: null, yet findings carry a fix',
    );
    return;
  }
  if (!fixed.length) {
    assert.equal(test.output, undefined, `output is given, but no finding of ${ruleId} carries a fix`);
    return;
  }
  assert.equal(before.cells, undefined, 'fixes of notebook cells are not tested here (the CLI does not apply them either)');

  const result = await fixRule(ruleId, test);
  assert.ok(test.output !== undefined, `${ruleId} fixed the code; add the output to the case:\n${JSON.stringify(result.text)}`);
  assert.notEqual(test.output, test.code, 'output equals the code: a fix that changes nothing');
  assert.equal(result.text, test.output, 'the fixed text');

  const after = result.analysis;
  assert.equal(after.skipped, undefined, `the fixed file is no longer analysed (${after.skipped}):\n${result.text}`);
  const errorsBefore = await syntaxErrors(test.path, test.code);
  const errorsAfter = await syntaxErrors(test.path, result.text);
  assert.ok(
    errorsAfter.every((error) => errorsBefore.includes(error)) && (errorsBefore.length > 0 || !after.hasSyntaxErrors),
    `the fix introduced a syntax error (${errorsAfter.join('; ')}):\n${result.text}`,
  );

  const remaining = after.findings.filter((finding) => finding.ruleId === ruleId);
  assert.equal(
    remaining.length,
    own.length - fixed.length,
    `findings that had a fix remain after it:\n${describeFindings(remaining.map((f) => locate(f, after, result.text)))}\nin:\n${result.text}`,
  );
  assert.deepEqual(
    remaining.filter((finding) => finding.fix).map((finding) => finding.fix!.description),
    [],
    `not a fixed point: fixing again would change:\n${result.text}`,
  );

  const othersBefore = before.findings.filter((finding) => finding.ruleId !== ruleId).map((f) => `${f.ruleId}: ${f.message}`);
  const introduced = after.findings
    .filter((finding) => finding.ruleId !== ruleId)
    .map((f) => `${f.ruleId}: ${f.message}`)
    .filter((key) => {
      const index = othersBefore.indexOf(key);
      if (index < 0) return true;
      othersBefore.splice(index, 1);
      return false;
    });
  assert.deepEqual(introduced, [], `the fix made other rules report:\n${result.text}`);
}

/** Applies every fix of `ruleId`'s findings in passes (overlapping fixes wait for the next), as `--fix` does. */
export async function fixRule(ruleId: string, test: ValidCase): Promise<{ text: string; analysis: FileAnalysis }> {
  let text = test.code;
  let analysis = await analyzeCase(test, text);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixes = analysis.findings.flatMap((finding) => (finding.ruleId === ruleId && finding.fix ? [finding.fix] : []));
    if (!fixes.length) return { text, analysis };
    const next = applyFixes(text, fixes);
    if (next.text === text) return { text, analysis };
    text = next.text;
    analysis = await analyzeCase(test, text);
  }
  assert.fail(`${ruleId}'s fixes did not settle after ${MAX_FIX_PASSES} passes:\n${text}`);
}

export const ruleTester = {
  /** Registers one node:test suite per rule: each valid and each invalid case is a test. */
  run(ruleId: string, tests: RuleTests): void {
    describe(ruleId, () => {
      it('is a registered rule', () => {
        assert.ok(isRuleId(ruleId), `no rule '${ruleId}' in src/rules/index.ts`);
      });
      describe('valid', () => {
        for (const test of tests.valid) it(titleOf(test), () => runValid(ruleId, test));
      });
      describe('invalid', () => {
        for (const test of tests.invalid) it(titleOf(test), () => runInvalid(ruleId, test));
      });
    });
  },
};
