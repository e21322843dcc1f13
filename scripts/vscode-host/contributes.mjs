#!/usr/bin/env node
// Writes package.json "contributes" and media/prodready.schema.json from the rule registry, so the
// settings (one `prodready.rules.<id>` per rule, with completion on ids) and the `.prodready.yaml`
// schema never drift from the rules. `--check` fails instead of writing when they are out of date.
import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './host.mjs';

/** The rule registry (src/rules/index.ts), bundled on the fly; its npm dependencies load from node_modules. */
async function loadCatalog() {
  const result = await build({
    entryPoints: [path.join(repoRoot, 'src/rules/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const module = { exports: {} };
  const require = createRequire(path.join(repoRoot, 'package.json'));
  new Function('module', 'exports', 'require', '__filename', '__dirname', result.outputFiles[0].text)(
    module,
    module.exports,
    require,
    path.join(repoRoot, 'src/rules/index.js'),
    path.join(repoRoot, 'src/rules'),
  );
  return module.exports.RULES;
}

const SNIPPET_LANGUAGES = [
  ['python', 'python.json'],
  ['typescript', 'typescript.json'],
  ['javascript', 'typescript.json'],
  ['dockerfile', 'dockerfile.json'],
  ['yaml', 'kubernetes.json'],
];

function contributes(rules) {
  const ruleSettings = Object.fromEntries(
    rules.map((rule) => [
      `prodready.rules.${rule.id}`,
      {
        type: 'string',
        enum: ['default', 'off', 'info', 'warning', 'error'],
        enumDescriptions: [
          `The rule's own severity (${rule.severity}), or what .prodready.yaml sets.`,
          'Do not run this rule.',
          'Report as information.',
          'Report as a warning.',
          'Report as an error.',
        ],
        default: 'default',
        scope: 'resource',
        markdownDescription: `**${rule.id}** (${rule.category}, default ${rule.severity}${rule.fixable ? ', fixable' : ''}): ${rule.summary}`,
      },
    ]),
  );
  return {
    commands: [
      { command: 'prodready.checkReadiness', title: 'Check Production Readiness', category: 'prodready', icon: '$(checklist)' },
      { command: 'prodready.showReport', title: 'Show Readiness Report', category: 'prodready' },
      { command: 'prodready.copyReportMarkdown', title: 'Copy Readiness Report as Markdown', category: 'prodready' },
      { command: 'prodready.fixAll', title: 'Fix All Safe Problems in This File', category: 'prodready' },
      { command: 'prodready.showRuleDocs', title: 'Show Rule Documentation', category: 'prodready' },
      { command: 'prodready.openFinding', title: 'Open Finding', category: 'prodready' },
    ],
    menus: {
      commandPalette: [
        { command: 'prodready.showRuleDocs', when: 'false' },
        { command: 'prodready.openFinding', when: 'false' },
      ],
    },
    configuration: {
      title: 'prodready',
      properties: {
        'prodready.enable': { type: 'boolean', default: true, scope: 'resource', description: 'Analyse files for production-readiness problems.' },
        'prodready.run': {
          type: 'string',
          enum: ['onType', 'onSave'],
          enumDescriptions: ['Analyse while you type (debounced).', 'Analyse when the file is saved (and opened).'],
          default: 'onType',
          scope: 'resource',
          description: 'When to analyse an open file.',
        },
        'prodready.debounceMs': {
          type: 'number',
          default: 300,
          minimum: 0,
          scope: 'resource',
          description: 'How long typing must pause before an open file is analysed again (run: onType).',
        },
        'prodready.defaultTimeoutSeconds': {
          type: 'number',
          default: 10,
          minimum: 1,
          maximum: 3600,
          scope: 'resource',
          markdownDescription: 'The timeout the `missing-timeout` fix inserts. When left unset here, `.prodready.yaml` may set it.',
        },
        'prodready.exclude': {
          type: 'array',
          items: { type: 'string' },
          default: [],
          scope: 'resource',
          markdownDescription: 'Glob patterns (relative to the workspace folder) of files not to analyse, on top of `files.exclude` and `.prodready.yaml`.',
        },
        ...ruleSettings,
      },
    },
    yamlValidation: [{ fileMatch: '.prodready.yaml', url: './media/prodready.schema.json' }],
    snippets: SNIPPET_LANGUAGES.map(([language, file]) => ({ language, path: `./snippets/${file}` })),
    grammars: [
      {
        scopeName: 'prodready.suppression.injection',
        path: './syntaxes/prodready-suppression.injection.json',
        injectTo: ['source.python', 'source.ts', 'source.tsx', 'source.js', 'source.js.jsx', 'source.yaml', 'source.dockerfile', 'source.pip-requirements'],
      },
      {
        scopeName: 'prodready.suppression.dockerfile.injection',
        path: './syntaxes/prodready-suppression.dockerfile.injection.json',
        injectTo: ['source.dockerfile'],
      },
    ],
    walkthroughs: [
      {
        id: 'prodready.gettingStarted',
        title: 'Get your model service production-ready',
        description: 'Find the pilot-only patterns in ML serving code, fix them, and tune the rules.',
        steps: [
          {
            id: 'openExample',
            title: 'Open a model service',
            description: 'prodready checks Python, TypeScript/JavaScript, notebooks, Dockerfiles, Kubernetes and compose manifests as you type.\n[Open Folder](command:workbench.action.files.openFolder)',
            media: { markdown: 'walkthrough/open-example.md' },
            completionEvents: ['onCommand:workbench.action.files.openFolder'],
          },
          {
            id: 'runCheck',
            title: 'Run the readiness check',
            description: 'Scan the whole workspace and get a pass/fail per category.\n[Check Production Readiness](command:prodready.checkReadiness)',
            media: { markdown: 'walkthrough/run-check.md' },
            completionEvents: ['onCommand:prodready.checkReadiness'],
          },
          {
            id: 'applyFix',
            title: 'Apply a fix',
            description: 'Put the cursor on a squiggle and press Ctrl+. (Cmd+. on macOS): the preferred fix comes first.\n[Open Problems](command:workbench.actions.view.problems)',
            media: { markdown: 'walkthrough/apply-fix.md' },
            completionEvents: ['onCommand:workbench.actions.view.problems'],
          },
          {
            id: 'setSeverity',
            title: 'Set a rule severity',
            description: 'Tune a rule for this workspace in settings, or in .prodready.yaml so the CLI in CI agrees.\n[Open prodready settings](command:workbench.action.openSettings?%5B%22prodready.rules%22%5D)',
            media: { markdown: 'walkthrough/set-severity.md' },
            completionEvents: ['onSettingChanged:prodready'],
          },
        ],
      },
    ],
  };
}

function schema(rules) {
  const severity = { enum: ['off', 'info', 'warning', 'error', false] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'prodready project configuration (.prodready.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: {
        description: 'Severity per rule id: off, info, warning or error.',
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          rules.map((rule) => [rule.id, { ...severity, description: `${rule.summary} (${rule.category}, default ${rule.severity})` }]),
        ),
      },
      exclude: { description: 'Glob patterns, relative to this file, of files not to analyse.', type: 'array', items: { type: 'string' } },
      defaultTimeoutSeconds: {
        description: 'Seconds: the timeout the missing-timeout fix gives HTTP and model-server clients (default 10).',
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 3600,
      },
      llmTimeoutSeconds: {
        description: 'Seconds: the timeout the missing-timeout fix gives LLM clients and calls (OpenAI, Anthropic, LangChain; default 60).',
        type: 'number',
        exclusiveMinimum: 0,
        maximum: 3600,
      },
    },
  };
}

const rules = await loadCatalog();
const check = process.argv.includes('--check');
const packagePath = path.join(repoRoot, 'package.json');
const schemaPath = path.join(repoRoot, 'media/prodready.schema.json');
const pkg = JSON.parse(fs.readFileSync(packagePath, 'utf8'));
const wantedContributes = contributes(rules);
const wantedSchema = JSON.stringify(schema(rules), null, 2) + '\n';
const stale = [];
if (JSON.stringify(pkg.contributes) !== JSON.stringify(wantedContributes)) stale.push('package.json contributes');
if (!fs.existsSync(schemaPath) || fs.readFileSync(schemaPath, 'utf8') !== wantedSchema) stale.push('media/prodready.schema.json');
if (check) {
  if (stale.length) {
    console.error(`out of date: ${stale.join(', ')}; run node scripts/vscode-host/contributes.mjs`);
    process.exit(1);
  }
  console.log('contributes and schema match the rule registry');
} else {
  // Re-read right before writing: other keys of package.json belong to other people.
  const fresh = JSON.parse(fs.readFileSync(packagePath, 'utf8'));
  fresh.contributes = wantedContributes;
  fs.writeFileSync(packagePath, JSON.stringify(fresh, null, 2) + '\n');
  fs.mkdirSync(path.dirname(schemaPath), { recursive: true });
  fs.writeFileSync(schemaPath, wantedSchema);
  console.log(`wrote contributes (${rules.length} rule settings) and ${path.relative(repoRoot, schemaPath)}`);
}
