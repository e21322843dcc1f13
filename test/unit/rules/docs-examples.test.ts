import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RuleDefinition } from '../../../src/core/rule';
import type { Finding } from '../../../src/core/types';
import { RULES } from '../../../src/session/engine';
import { analyzeCase, locate, syntaxErrors } from '../ruleTester';

/*
 * Every rule's documented examples run as tests (they are what docs/rules/<id>.md shows): the bad
 * example produces at least one finding of the rule and the good one none. Each example is written
 * with its `docs.exampleFiles` into a fresh folder, and every file of that project is analysed as
 * `prodready check <folder>` would (per-file pass, then the project pass), so cross-file rules and
 * fixes that read a lockfile from disk behave as they do for a user.
 *
 * This test is also where `fixable` is checked against what the engine does: a fixable rule's bad
 * example yields a finding with a fix; a rule that is not fixable yields none (and the rule tester and
 * assertFixed/assertManifestFixed fail on any fix of a rule declared not fixable).
 */

function examplePathOf(rule: RuleDefinition): string | undefined {
  if (rule.docs.examplePath) return rule.docs.examplePath;
  if (rule.languages.includes('py')) return 'app/serve.py';
  if (rule.languages.includes('ts/js')) return 'src/server.ts';
  return undefined;
}

interface ExampleRun {
  findings: Array<{ file: string; finding: Finding; at: string }>;
  skipped: string[];
  syntaxErrors: string[];
}

/**
 * A code rule's examples are code that ships (R2.1): unless the example brings its own deployment,
 * a Dockerfile that runs the example file makes it the project's entry module.
 */
function deployingDockerfile(rule: RuleDefinition): Record<string, string> {
  const file = examplePathOf(rule);
  if (!rule.scope || rule.scope === 'not-tests' || !file || /\.(ya?ml|txt|toml|json)$|Dockerfile/.test(file)) return {};
  if (Object.keys(rule.docs.exampleFiles ?? {}).some((name) => /Dockerfile|compose|Procfile/.test(name))) return {};
  const command = file.endsWith('.py') ? ['python', file] : file.endsWith('.ts') ? ['tsx', file] : ['node', file];
  return { Dockerfile: `FROM python:3.11-slim\nWORKDIR /srv\nCOPY . /srv\nCMD ${JSON.stringify(command)}\n` };
}

async function runExample(rule: RuleDefinition, code: string): Promise<ExampleRun> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `prodready-docs-${rule.id}-`));
  try {
    const relative = { ...deployingDockerfile(rule), ...rule.docs.exampleFiles, [examplePathOf(rule)!]: code };
    const files: Record<string, string> = {};
    for (const [name, text] of Object.entries(relative)) {
      const file = path.join(root, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      files[file] = text;
    }
    const run: ExampleRun = { findings: [], skipped: [], syntaxErrors: [] };
    for (const [file, text] of Object.entries(files)) {
      const others = Object.fromEntries(Object.entries(files).filter(([other]) => other !== file));
      const analysis = await analyzeCase({ path: file, code: text, files: others, root });
      const name = path.relative(root, file);
      if (analysis.skipped) run.skipped.push(`${name}: ${analysis.skipped}`);
      for (const error of await syntaxErrors(file, text)) run.syntaxErrors.push(`${name}: ${error}`);
      for (const finding of analysis.findings) {
        if (finding.ruleId !== rule.id) continue;
        const at = locate(finding, analysis, text);
        run.findings.push({ file: name, finding, at: `${name}:${at.line}:${at.column}` });
      }
    }
    return run;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('docs examples', () => {
  for (const rule of RULES) {
    describe(rule.id, () => {
      it('has a bad and a good example, and a file to analyse them as', () => {
        assert.ok(rule.docs.bad?.trim(), `${rule.id}: docs.bad is missing`);
        assert.ok(rule.docs.good?.trim(), `${rule.id}: docs.good is missing`);
        assert.ok(examplePathOf(rule), `${rule.id}: name the examples' file in docs.examplePath (its languages do not decide one)`);
        assert.notEqual(rule.docs.bad, rule.docs.good);
      });

      it('the bad example is flagged', async (t) => {
        if (!rule.docs.bad || !examplePathOf(rule)) return t.skip('no example');
        const run = await runExample(rule, rule.docs.bad);
        assert.deepEqual(run.skipped, [], 'every file of the example is analysed');
        assert.deepEqual(run.syntaxErrors, [], 'the example parses');
        assert.ok(run.findings.length > 0, `${rule.id} does not flag its own bad example:\n${rule.docs.bad}`);
        const fixes = run.findings.filter(({ finding }) => finding.fix);
        if (rule.fixable) {
          assert.ok(fixes.length > 0, `${rule.id} is declared fixable, but no finding of its bad example carries a fix`);
        } else {
          assert.deepEqual(
            fixes.map(({ at, finding }) => `${at} ${finding.fix!.description}`),
            [],
            `${rule.id} is declared fixable: false, yet offers fixes`,
          );
        }
      });

      it('the good example is not flagged', async (t) => {
        if (!rule.docs.good || !examplePathOf(rule)) return t.skip('no example');
        const run = await runExample(rule, rule.docs.good);
        assert.deepEqual(run.skipped, [], 'every file of the example is analysed');
        assert.deepEqual(run.syntaxErrors, [], 'the example parses');
        assert.deepEqual(
          run.findings.map(({ at, finding }) => `${at} ${finding.message}`),
          [],
          `${rule.id} flags its own production-grade example:\n${rule.docs.good}`,
        );
      });
    });
  }
});
