// Generates docs/rules/<id>.md for every rule and the README's rules table from the rule registry
// (compiled to out/ by tsc). With --check, writes nothing and fails when a generated file is stale.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { RULES } = require(join(root, 'out/src/rules/index.js'));
const { CATEGORY_TITLES } = require(join(root, 'out/src/core/types.js'));
const { fileKindOf } = require(join(root, 'out/src/core/fileKinds.js'));
const check = process.argv.includes('--check');
const stale = [];

const LANGUAGE_NAMES = { py: 'Python', 'ts/js': 'TypeScript/JavaScript', manifests: 'Manifests', notebooks: 'Notebooks', 'cross-file': 'Cross-file' };

function rulePage(rule) {
  const token = rule.languages.includes('ts/js') && !rule.languages.includes('py') ? '//' : '#';
  const lines = [
    `<!-- Generated from src/rules/${rule.id}/index.ts by scripts/gen-docs.mjs: edit the rule, then run npm run docs. -->`,
    `# \`${rule.id}\``,
    '',
    `**${rule.summary}**`,
    '',
    `| Category | Default severity | Applies to | Fix |`,
    `|---|---|---|---|`,
    `| ${CATEGORY_TITLES[rule.category]} | ${rule.severity} | ${rule.languages.map((l) => LANGUAGE_NAMES[l] ?? l).join(', ')} | ${rule.fixable ? 'yes (safe fixes run with `--fix` and on save)' : 'no'} |`,
    '',
    '## Why it matters in production',
    '',
    rule.docs.why,
    '',
    '## What it flags',
    '',
    rule.docs.flags,
    '',
    '## What it does not flag',
    '',
    rule.docs.doesNotFlag,
    '',
    '## Fix',
    '',
    rule.docs.fix,
    '',
  ];
  lines.push(...examples(rule));
  lines.push(
    '## Suppress it',
    '',
    'On the line, or alone on the line above:',
    '',
    '```',
    `${token} prodready: ignore[${rule.id}]`,
    '```',
    '',
    'For a whole project, in `.prodready.yaml`:',
    '',
    '```yaml',
    'rules:',
    `  ${rule.id}: off`,
    '```',
    '',
  );
  return lines.join('\n');
}

const FENCES = { python: 'python', typescript: 'ts', dockerfile: 'dockerfile', yaml: 'yaml', pyproject: 'toml', pipfile: 'toml', lockfile: 'toml', 'package-json': 'json', requirements: 'text', dotenv: 'sh' };

/** The examples (checked by test/unit/rules/docs-examples.test.ts), in the file they are, with the project files beside them. */
function examples(rule) {
  const { bad, good, examplePath, exampleFiles } = rule.docs;
  if (!bad && !good) return [];
  const block = (file, text) => ['```' + (FENCES[fileKindOf(file ?? 'x.py')] ?? ''), text.trimEnd(), '```', ''];
  const where = examplePath ? ` \`${examplePath}\`` : '';
  const lines = ['## Example', ''];
  const context = Object.entries(exampleFiles ?? {});
  for (const [file, text] of context) lines.push(`With \`${file}\` in the same project:`, '', ...block(file, text));
  if (bad) lines.push(`Flagged${where}:`, '', ...block(examplePath, bad));
  if (good) lines.push(`Production-grade${where}:`, '', ...block(examplePath, good));
  return lines;
}

function readmeTable() {
  const rows = RULES.map(
    (r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${CATEGORY_TITLES[r.category]} | ${r.severity} | ${r.languages.map((l) => LANGUAGE_NAMES[l] ?? l).join(', ')} | ${r.fixable ? '✓' : ''} | ${r.summary} |`,
  );
  return ['| Rule | Category | Severity | Applies to | Fix | What it checks |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function emit(file, content) {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === content) return;
  if (check) stale.push(file.slice(root.length + 1));
  else writeFileSync(file, content);
}

const docsFolder = join(root, 'docs/rules');
mkdirSync(docsFolder, { recursive: true });
for (const rule of RULES) emit(join(docsFolder, `${rule.id}.md`), rulePage(rule));
for (const file of readdirSync(docsFolder)) {
  if (file.endsWith('.md') && !RULES.some((r) => `${r.id}.md` === file)) stale.push(`docs/rules/${file} (no such rule)`);
}

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const begin = '<!-- rules-table:begin -->';
const end = '<!-- rules-table:end -->';
const from = readme.indexOf(begin);
const to = readme.indexOf(end);
if (from < 0 || to < 0) stale.push('README.md (rules table markers missing)');
else emit(readmePath, `${readme.slice(0, from + begin.length)}\n${readmeTable()}\n${readme.slice(to)}`);

if (stale.length) {
  process.stderr.write(`Generated files are stale; run \`npm run docs\`:\n  ${stale.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(check ? 'generated docs are current\n' : `wrote docs for ${RULES.length} rules and the README table\n`);
