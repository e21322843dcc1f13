import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, ConfigResolver, loadConfigFile, severitiesFrom, type ProjectConfig } from '../core/config';
import { encodeText } from '../core/decode';
import { analyzeProject, analyzeText, isRuleId, RULE_IDS } from '../session/engine';
import { fixText } from '../session/fixer';
import { notebookSourceMap } from '../core/notebookPositions';
import { LineIndex } from '../core/text';
import type { Finding } from '../core/types';
import { projectsOf } from '../core/project';
import { buildDeploymentModel } from '../deployment/model';
import { formatDeploymentsJson, formatDeploymentsText } from './deployments';
import { analyzeFile, discoverFiles, readSourceFile, type AnalyzedFile, type SkippedFile } from '../session/workspace';
import { HELP, parseArguments, UsageError, type CheckArguments, type DeploymentsArguments, type FailOn } from './args';
import {
  formatJson,
  formatMarkdown,
  formatRulesJson,
  formatRulesText,
  formatSarif,
  formatText,
  type CheckReport,
  type NotebookFilePosition,
  type OutputFinding,
} from './format';
import { HeapTrimmer } from './heap';
import { writeFileAtomic } from './writeAtomic';

declare const PRODREADY_VERSION: string | undefined;

/** The package version: from the bundle's define, else from the nearest package.json above this file. */
export function version(): string {
  if (typeof PRODREADY_VERSION === 'string') return PRODREADY_VERSION;
  for (let folder = __dirname; ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (fs.existsSync(manifest)) {
      const data = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (data.name === 'prodready' && data.version) return data.version;
    }
    if (path.dirname(folder) === folder) return '0.0.0';
  }
}

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  cwd: string;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  cwd: process.cwd(),
};

/** Runs the CLI; returns the exit status (0 clean, 1 findings at or above --fail-on, 2 usage or config error). */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  let args;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`prodready: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  switch (args.command) {
    case 'help':
      io.stdout(HELP);
      return 0;
    case 'version':
      io.stdout(`prodready ${version()}\n`);
      return 0;
    case 'rules':
      io.stdout(args.format === 'json' ? formatRulesJson() : formatRulesText());
      return 0;
    case 'deployments':
      try {
        return await deployments(args, io);
      } catch (error) {
        if (error instanceof UsageError) {
          io.stderr(`prodready: ${error.message}\n`);
          return 2;
        }
        throw error;
      }
    case 'check':
      try {
        return await check(args, io);
      } catch (error) {
        if (error instanceof ConfigError || error instanceof UsageError) {
          io.stderr(`prodready: ${error.message}\n`);
          return 2;
        }
        throw error;
      }
  }
}

async function check(args: CheckArguments, io: Io): Promise<number> {
  for (const id of [...args.select, ...args.ignore]) {
    if (!isRuleId(id)) throw new UsageError(`unknown rule id '${id}' (see 'prodready rules')`);
  }
  const explicit: ProjectConfig | undefined = args.config ? loadConfigFile(path.resolve(io.cwd, args.config), RULE_IDS) : undefined;
  const resolver = new ConfigResolver(RULE_IDS, explicit);
  const selection = { select: args.select, ignore: args.ignore };
  const relative = (file: string) => path.relative(io.cwd, file).split(path.sep).join('/') || path.basename(file);

  if (args.stdinFilename !== undefined) {
    const text = await io.readStdin();
    const file = path.resolve(io.cwd, args.stdinFilename);
    const config = resolver.forFile(file);
    const request = { path: file, text, severities: severitiesFrom(config, {}, selection), options: config?.options };
    if (args.fix) {
      const outcome = await fixText(request);
      io.stdout(outcome.text);
      const rest = await analyzeText({ ...request, text: outcome.text });
      return exitStatus(rest.findings, args.failOn);
    }
    const analysis = await analyzeText(request);
    // The same project pass as a check of files: the text alone is its project.
    const complete = analyzeProject([analysis], {
      roots: [path.dirname(file)],
      readText: () => text,
      severities: () => request.severities,
    });
    const report = buildReport([{ ...analysis, findings: complete.get(file) ?? analysis.findings, decodedText: text }], 1, relative);
    io.stdout(render(args, report));
    return exitStatus(report.findings, args.failOn);
  }

  const paths = args.paths.map((p) => path.resolve(io.cwd, p));
  for (let i = 0; i < paths.length; i++) {
    if (!fs.existsSync(paths[i])) throw new UsageError(`path does not exist: ${args.paths[i]}`);
  }
  const discovery = discoverFiles(paths, resolver, { respectGitignore: args.respectGitignore });
  const analysed = await analyzeDiscovered(discovery.files, resolver, selection, args.fix);
  const factsOnly = await analyzeFactsOnly(discovery.factsOnly, resolver, selection);
  addProjectFindings([...analysed, ...factsOnly], paths, resolver, selection);
  const report = buildReport(analysed, analysed.filter((a) => !a.skipped).length, relative, discovery.skipped);
  io.stdout(render(args, report));
  return exitStatus(report.findings, args.failOn);
}

/**
 * Reads and analyses every discovered file (applying safe fixes with `fix`), keeping each file's
 * text only when it has findings and a copy of its facts for the workspace pass. Shared by `check`
 * and `deployments`, so both see the same files and facts.
 */
export async function analyzeDiscovered(
  files: readonly string[],
  resolver: ConfigResolver,
  selection: { select: string[]; ignore: string[] },
  fix: boolean,
): Promise<Array<AnalyzedFile & { decodedText?: string }>> {
  const analysed: Array<AnalyzedFile & { decodedText?: string }> = [];
  const heap = new HeapTrimmer();
  for (const file of files) {
    let result = await analyzeFile(file, resolver, { selection });
    heap.account(result.decoded?.text.length ?? 0);
    if (fix && result.decoded && !result.skipped && result.findings.some((f) => f.fix?.safe)) {
      result = await fixAndWrite(file, result, resolver, selection);
    }
    // Only a file with findings keeps its text (for line:column in the report); keeping all of them
    // held a whole repository in memory (a 160 MB tree peaked at 750 MB). A file that gets
    // cross-file findings later is read again.
    const { decoded, ...analysis } = result;
    // Facts stay until the workspace pass: a copy, since names sliced from the text would keep the
    // whole text of every file alive.
    if (analysis.facts) analysis.facts = JSON.parse(JSON.stringify(analysis.facts)) as typeof analysis.facts;
    analysed.push({ ...analysis, decodedText: analysis.findings.length ? decoded?.text : undefined });
  }
  return analysed;
}

/** Ignored deployment artifacts and .env files: what they declare counts, what is wrong in them is not reported. */
async function analyzeFactsOnly(
  files: readonly string[],
  resolver: ConfigResolver,
  selection: { select: string[]; ignore: string[] },
): Promise<AnalyzedFile[]> {
  const factsOnly: AnalyzedFile[] = [];
  for (const file of files) {
    const { decoded, ...analysis } = await analyzeFile(file, resolver, { selection });
    void decoded;
    if (analysis.skipped || !analysis.facts) continue;
    factsOnly.push({ ...analysis, findings: [], facts: JSON.parse(JSON.stringify(analysis.facts)) as typeof analysis.facts });
  }
  return factsOnly;
}

/** `prodready deployments`: what the deployment model believes ships, per project. */
async function deployments(args: DeploymentsArguments, io: Io): Promise<number> {
  const paths = args.paths.map((p) => path.resolve(io.cwd, p));
  for (let i = 0; i < paths.length; i++) {
    if (!fs.existsSync(paths[i])) throw new UsageError(`path does not exist: ${args.paths[i]}`);
  }
  const resolver = new ConfigResolver(RULE_IDS);
  const selection = { select: [], ignore: [] };
  const discovery = discoverFiles(paths, resolver, { respectGitignore: true });
  const analysed = [
    ...(await analyzeDiscovered(discovery.files, resolver, selection, false)),
    ...(await analyzeFactsOnly(discovery.factsOnly, resolver, selection)),
  ];
  const roots = paths.map((p) => (fs.statSync(p).isDirectory() ? p : path.dirname(p)));
  const projects = projectsOf(analysed, { roots, readText: () => undefined }).filter((project) => project.members.length);
  const relative = (file: string) => path.relative(io.cwd, file).split(path.sep).join('/') || '.';
  const report = projects.map((project) => ({ root: relative(project.root), model: buildDeploymentModel(project) }));
  io.stdout(args.format === 'json' ? formatDeploymentsJson(report) : formatDeploymentsText(report));
  return 0;
}

/** The project pass: each file's findings become its own that stay in scope plus its cross-file ones. */
function addProjectFindings(
  analysed: Array<AnalyzedFile & { decodedText?: string }>,
  paths: string[],
  resolver: ConfigResolver,
  selection: { select: string[]; ignore: string[] },
): void {
  const byPath = new Map(analysed.map((file) => [file.path, file]));
  const roots = paths.map((p) => (fs.statSync(p).isDirectory() ? p : path.dirname(p)));
  const crossFile = analyzeProject(analysed, {
    roots,
    readText: (file) => byPath.get(file)?.decodedText ?? readSourceFile(file).decoded?.text,
    severities: (file) => severitiesFrom(resolver.forFile(file), {}, selection),
  });
  for (const [file, findings] of crossFile) {
    const target = byPath.get(file);
    if (!target || target.skipped) continue;
    // Cross-file findings need the text for line:column; a file that had none did not keep it.
    if (findings.length && target.decodedText === undefined) target.decodedText = readSourceFile(file).decoded?.text;
    target.findings = findings;
  }
}

async function fixAndWrite(
  file: string,
  result: AnalyzedFile,
  resolver: ConfigResolver,
  selection: { select: string[]; ignore: string[] },
): Promise<AnalyzedFile> {
  const decoded = result.decoded!;
  const config = resolver.forFile(file);
  const request = { path: file, text: decoded.text, severities: severitiesFrom(config, {}, selection), options: config?.options };
  const outcome = await fixText(request);
  if (outcome.text === decoded.text) return result;
  writeFileAtomic(file, encodeText(decoded, outcome.text));
  return analyzeFile(file, resolver, { selection });
}

function render(args: CheckArguments, report: CheckReport): string {
  switch (args.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'markdown':
      return formatMarkdown(report);
    default:
      return formatText(report);
  }
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

function exitStatus(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'never') return 0;
  return findings.some((f) => RANK[f.severity] >= RANK[failOn]) ? 1 : 0;
}

/** Locates findings (1-based lines and UTF-16 columns, per cell for notebooks) for the formatters. */
export function buildReport(
  files: Array<{ path: string; findings: Finding[]; skipped?: string; cells?: string[]; decodedText?: string }>,
  fileCount: number,
  relative: (file: string) => string,
  skippedBefore: SkippedFile[] = [],
): CheckReport {
  const findings: OutputFinding[] = [];
  const otherFiles = new Map<string, LineIndex>();
  const indexOfOther = (file: string) => {
    let index = otherFiles.get(file);
    if (!index) {
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        // A fix for a file that vanished: positions fall back to the start.
      }
      otherFiles.set(file, (index = new LineIndex(text)));
    }
    return index;
  };
  const skipped: SkippedFile[] = skippedBefore.map((s) => ({ path: relative(s.path), reason: s.reason }));
  for (const file of files) {
    const rel = relative(file.path);
    if (file.skipped) {
      skipped.push({ path: rel, reason: file.skipped });
      continue;
    }
    const indexes = new Map<number, LineIndex>();
    const indexFor = (cell: number | undefined) => {
      const key = cell ?? -1;
      let index = indexes.get(key);
      if (!index) {
        const text = cell === undefined ? fileText() : (file.cells?.[cell] ?? '');
        indexes.set(key, (index = new LineIndex(text)));
      }
      return index;
    };
    let text: string | undefined;
    const fileText = () => (text ??= file.decodedText ?? readSourceFile(file.path).decoded?.text ?? '');
    // A notebook's findings are also placed in the .ipynb text (SARIF has no cells).
    let sourceMap: ReturnType<typeof notebookSourceMap> | null = null;
    let ipynbIndex: LineIndex | undefined;
    const inNotebookFile = (cell: number, start: number, end: number): NotebookFilePosition | undefined => {
      if (sourceMap === null) {
        sourceMap = notebookSourceMap(fileText());
        ipynbIndex = new LineIndex(fileText());
      }
      const from = sourceMap?.(cell, start);
      const to = sourceMap?.(cell, end);
      if (from === undefined || to === undefined || !ipynbIndex) return undefined;
      const a = ipynbIndex.position(from);
      const b = ipynbIndex.position(Math.max(from, to));
      return {
        line: a.line + 1,
        column: a.column + 1,
        endLine: b.line + 1,
        endColumn: b.column + 1,
        lineText: ipynbIndex.lineText(a.line),
      };
    };
    for (const finding of file.findings) {
      const index = indexFor(finding.cell);
      const start = index.position(finding.start);
      const end = index.position(finding.end);
      const fixOut = finding.fix
        ? {
            description: finding.fix.description,
            edits: finding.fix.edits.map((edit) => {
              const editIndex = edit.path ? indexOfOther(edit.path) : index;
              const from = editIndex.position(edit.start);
              const to = editIndex.position(edit.end);
              return {
                path: edit.path ? relative(edit.path) : rel,
                line: from.line + 1,
                column: from.column + 1,
                endLine: to.line + 1,
                endColumn: to.column + 1,
                text: edit.text,
              };
            }),
          }
        : null;
      findings.push({
        ...finding,
        path: rel,
        line: start.line + 1,
        column: start.column + 1,
        endLine: end.line + 1,
        endColumn: end.column + 1,
        lineText: index.lineText(start.line),
        notebookFile: finding.cell !== undefined ? inNotebookFile(finding.cell, finding.start, finding.end) : undefined,
        fixOut,
      });
    }
  }
  return { version: version(), files: fileCount, findings, skipped };
}
