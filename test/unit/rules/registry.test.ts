import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImplementationKind, RuleDefinition } from '../../../src/core/rule';
import type { RuleLanguage } from '../../../src/core/types';
import { RULES } from '../../../src/rules';

/*
 * The rule registry (src/rules/index.ts) against the rule folders and the rules' own declarations.
 * `fixable` is checked against what the engine does in docs-examples.test.ts (the bad example of a
 * fixable rule yields a fix; a rule declared not fixable never offers one there, in a rule tester
 * case, or in assertFixed/assertManifestFixed).
 */
const RULES_FOLDER = path.resolve(__dirname, '../../../../src/rules');
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
const IMPLEMENTATION_FILES: Record<Exclude<ImplementationKind, 'project' | 'limit'>, string> = {
  python: 'python.ts',
  typescript: 'typescript.ts',
  manifest: 'manifest.ts',
};

const folders = fs
  .readdirSync(RULES_FOLDER, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const registryText = fs.readFileSync(path.join(RULES_FOLDER, 'index.ts'), 'utf8');
const has = (rule: RuleDefinition, kind: ImplementationKind) => rule.implementations[kind] !== undefined;
const declares = (rule: RuleDefinition, language: RuleLanguage) => rule.languages.includes(language);

describe('rule registry', () => {
  it('ids are unique and kebab-case', () => {
    const ids = RULES.map((rule) => rule.id);
    assert.deepEqual(
      ids.filter((id, index) => ids.indexOf(id) !== index),
      [],
      'registered twice',
    );
    assert.deepEqual(
      ids.filter((id) => !KEBAB.test(id)),
      [],
      'not kebab-case',
    );
  });

  it('every rule folder is registered exactly once, and every registered rule has its folder', () => {
    assert.deepEqual([...RULES.map((rule) => rule.id)].sort(), folders);
    for (const id of folders) {
      const imports = registryText.match(new RegExp(`from '\\./${id}'`, 'g')) ?? [];
      assert.equal(imports.length, 1, `src/rules/index.ts imports ./${id} ${imports.length} times`);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { rule } = require(path.join(__dirname, '../../../src/rules', id)) as { rule?: RuleDefinition };
      assert.ok(rule, `src/rules/${id}/index.ts exports no \`rule\``);
      assert.equal(rule.id, id, `src/rules/${id}/index.ts defines '${rule.id}'`);
      assert.ok(RULES.includes(rule), `the registry lists another object than src/rules/${id}'s rule`);
    }
  });

  it("a rule's implementation files are the implementations it has", () => {
    const problems: string[] = [];
    for (const rule of RULES) {
      const files = fs.readdirSync(path.join(RULES_FOLDER, rule.id));
      for (const [kind, file] of Object.entries(IMPLEMENTATION_FILES) as Array<[ImplementationKind, string]>) {
        if (files.includes(file) !== has(rule, kind)) {
          problems.push(`${rule.id}: ${file} ${files.includes(file) ? 'exists but is not wired' : 'is missing'} (implementations.${kind})`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('declared languages match the implementations', () => {
    // Each implementation needs its language: python ↔ py, typescript ↔ ts/js, manifest ↔ manifests,
    // project ↔ cross-file. A per-file language without that implementation is allowed only for a
    // cross-file rule, whose facts come from those files (undeclared-env-var reads py and ts/js).
    // `notebooks` needs a Python implementation that runs on cells, or a cross-file one.
    const problems: string[] = [];
    for (const rule of RULES) {
      const pairs: Array<[ImplementationKind, RuleLanguage]> = [
        ['python', 'py'],
        ['typescript', 'ts/js'],
        ['manifest', 'manifests'],
      ];
      for (const [kind, language] of pairs) {
        if (has(rule, kind) && !declares(rule, language))
          problems.push(`${rule.id}: has a ${kind} implementation but does not declare '${language}'`);
        if (declares(rule, language) && !has(rule, kind) && !has(rule, 'project')) {
          problems.push(`${rule.id}: declares '${language}' but has no ${kind} (or project) implementation`);
        }
      }
      if (has(rule, 'project') !== declares(rule, 'cross-file')) {
        problems.push(
          `${rule.id}: ${has(rule, 'project') ? "has a project implementation but does not declare 'cross-file'" : "declares 'cross-file' without a project implementation"}`,
        );
      }
      if (declares(rule, 'notebooks') && !(has(rule, 'python') && rule.notebooks !== false) && !has(rule, 'project')) {
        problems.push(`${rule.id}: declares 'notebooks' but nothing of it sees a notebook`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('rules with code implementations declare a scope', () => {
    assert.deepEqual(
      RULES.filter((rule) => (has(rule, 'python') || has(rule, 'typescript')) && !rule.scope).map((rule) => rule.id),
      [],
    );
    for (const rule of RULES)
      if (rule.scope) assert.ok(['production', 'runnable', 'not-tests'].includes(rule.scope), `${rule.id}: scope ${rule.scope}`);
  });

  it('no placeholder docs sections', () => {
    const PLACEHOLDER = /^(?:|…|\.\.\.|-|n\/a|tbd|todo|none yet|coming soon)\.?$/i;
    const MARKER = /\b(?:TODO|TBD|FIXME|XXX)\b|[Ll]orem ipsum/;
    const problems: string[] = [];
    for (const rule of RULES) {
      const sections: Record<string, string | undefined> = {
        summary: rule.summary,
        why: rule.docs.why,
        flags: rule.docs.flags,
        doesNotFlag: rule.docs.doesNotFlag,
        fix: rule.docs.fix,
        bad: rule.docs.bad,
        good: rule.docs.good,
      };
      for (const [name, text] of Object.entries(sections)) {
        if (text === undefined) continue; // missing examples fail in docs-examples.test.ts
        if (PLACEHOLDER.test(text.trim())) problems.push(`${rule.id}: docs.${name} is a placeholder (${JSON.stringify(text)})`);
        else if (MARKER.test(text)) problems.push(`${rule.id}: docs.${name} has a placeholder marker`);
      }
    }
    // A sentence copied verbatim into several rules says nothing about any of them.
    for (const name of ['why', 'flags', 'doesNotFlag'] as const) {
      const byText = new Map<string, string[]>();
      for (const rule of RULES) byText.set(rule.docs[name], [...(byText.get(rule.docs[name]) ?? []), rule.id]);
      for (const [text, ids] of byText)
        if (ids.length > 1) problems.push(`docs.${name} is the same boilerplate in ${ids.join(', ')}: ${JSON.stringify(text)}`);
    }
    assert.deepEqual(problems, []);
  });
});
