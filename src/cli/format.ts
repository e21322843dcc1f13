import { createHash } from 'crypto';
import { cellLabel } from '../core/notebookPositions';
import { RULES } from '../session/engine';
import { groupByPath, summarize, type LocatedFinding } from '../core/report';
import { CATEGORY_TITLES, type Severity } from '../core/types';
import type { SkippedFile } from '../session/workspace';

export const TOOL_NAME = 'prodready';
export const REPOSITORY_URL = 'https://github.com/prodready/prodready';

export function docsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}

export interface JsonEdit {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

/** Where a notebook finding is written in the `.ipynb` JSON text (1-based, UTF-16 columns). */
export interface NotebookFilePosition {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** That line of the JSON text. */
  lineText: string;
}

/** A finding located for output: 1-based positions, relative `/` paths, fix edits located too. */
export interface OutputFinding extends LocatedFinding {
  fixOut: { description: string; edits: JsonEdit[] } | null;
  /** The text of the finding's first line (inside the cell for a notebook): what its SARIF fingerprint is made of. */
  lineText?: string;
  /** For a notebook finding: its place in the `.ipynb` file itself. */
  notebookFile?: NotebookFilePosition;
}

export interface CheckReport {
  version: string;
  files: number;
  findings: OutputFinding[];
  skipped: SkippedFile[];
}

export function formatText(report: CheckReport): string {
  const lines = report.findings.map(
    (f) =>
      `${f.path}:${f.line}:${f.column}: ${f.severity} ${f.ruleId} ${f.message}${f.cell !== undefined ? ` [${cellLabel(f.cell)}]` : ''}`,
  );
  for (const skip of report.skipped) lines.push(`${skip.path}: skipped: ${skip.reason}`);
  const s = summarize(report.findings, report.files);
  const parts = (['error', 'warning', 'info'] as Severity[])
    .filter((k) => s.bySeverity[k])
    .map((k) => `${s.bySeverity[k]} ${k}${s.bySeverity[k] === 1 || k === 'info' ? '' : 's'}`);
  const noun = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${noun(s.findings, 'finding')}${parts.length ? ` (${parts.join(', ')})` : ''} in ${noun(report.files, 'file')}` +
      (report.skipped.length ? `; ${report.skipped.length} skipped` : ''),
  );
  return lines.join('\n') + '\n';
}

export function formatJson(report: CheckReport): string {
  const s = summarize(report.findings, report.files);
  return (
    JSON.stringify(
      {
        tool: { name: TOOL_NAME, version: report.version },
        findings: report.findings.map((f) => ({
          path: f.path,
          cell: f.cell ?? null,
          line: f.line,
          column: f.column,
          endLine: f.endLine,
          endColumn: f.endColumn,
          rule: f.ruleId,
          category: f.category,
          severity: f.severity,
          message: f.message,
          fix: f.fixOut,
        })),
        skipped: report.skipped,
        summary: { files: s.files, findings: s.findings, bySeverity: s.bySeverity, byCategory: s.byCategory },
      },
      null,
      2,
    ) + '\n'
  );
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(report: CheckReport): string {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
  const fingerprints = lineHashes(report.findings);
  const region = (r: { line: number; column: number; endLine: number; endColumn: number }) => ({
    startLine: r.line,
    startColumn: r.column,
    endLine: r.endLine,
    endColumn: r.endColumn,
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: report.version,
            semanticVersion: report.version,
            informationUri: REPOSITORY_URL,
            rules: RULES.map((rule) => ({
              id: rule.id,
              name: rule.id
                .split('-')
                .map((w) => w[0].toUpperCase() + w.slice(1))
                .join(''),
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.docs.why },
              help: { text: `${rule.docs.why}\n\nFix: ${rule.docs.fix}`, markdown: `${rule.docs.why}\n\n**Fix:** ${rule.docs.fix}` },
              helpUri: docsUrl(rule.id),
              defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
              properties: { category: CATEGORY_TITLES[rule.category], tags: [rule.category, ...rule.languages] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///' + process.cwd().replace(/\\/g, '/').replace(/^\//, '') + '/' } },
        results: report.findings.map((f, index) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.path), uriBaseId: '%SRCROOT%' },
                // A notebook result sits on the line of the .ipynb where the cell's source line is written.
                region: region(f.notebookFile ?? f),
              },
              ...(f.cell !== undefined ? { properties: { cell: f.cell, cellLine: f.line, cellColumn: f.column } } : {}),
            },
          ],
          partialFingerprints: { primaryLocationLineHash: fingerprints[index] },
          ...(f.fixOut && f.cell === undefined
            ? {
                fixes: [
                  {
                    description: { text: f.fixOut.description },
                    artifactChanges: [...groupByPath(f.fixOut.edits)].map(([path, edits]) => ({
                      artifactLocation: { uri: encodeURI(path), uriBaseId: '%SRCROOT%' },
                      replacements: edits.map((edit) => ({ deletedRegion: region(edit), insertedContent: { text: edit.text } })),
                    })),
                  },
                ],
              }
            : {}),
        })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.skipped.map((skip) => ({
              level: 'note',
              message: { text: `skipped: ${skip.reason}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(skip.path), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/**
 * `primaryLocationLineHash` per finding: a hash of the rule, the file and the finding's line text
 * (trimmed; inside the cell for a notebook), then `:N` counting earlier findings with the same hash.
 * No line or cell number goes in, so a result keeps its fingerprint (and its code-scanning alert)
 * when unrelated lines or cells are added above it.
 */
export function lineHashes(findings: readonly OutputFinding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const hash = createHash('sha256')
      .update(`${f.ruleId}\0${f.path}\0${(f.lineText ?? '').trim()}`)
      .digest('hex')
      .slice(0, 16);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

/** The production-readiness report: a verdict per category, then the findings grouped by file. */
export function formatMarkdown(report: CheckReport): string {
  const s = summarize(report.findings, report.files);
  const out: string[] = ['# Production readiness report', ''];
  const verdict = s.categories.every((c) => c.passed) ? 'ready' : 'not ready';
  out.push(
    `**${verdict === 'ready' ? '✅ Ready' : '❌ Not ready'}** — ${s.findings} finding${s.findings === 1 ? '' : 's'} ` +
      `(${s.bySeverity.error} error, ${s.bySeverity.warning} warning, ${s.bySeverity.info} info) in ${s.files} file${s.files === 1 ? '' : 's'}.`,
    '',
    '| Category | Verdict | Errors | Warnings | Info |',
    '|---|---|---:|---:|---:|',
  );
  for (const c of s.categories) {
    out.push(`| ${c.title} | ${c.passed ? '✅ pass' : '❌ fail'} | ${c.counts.error} | ${c.counts.warning} | ${c.counts.info} |`);
  }
  for (const c of s.categories) {
    const inCategory = report.findings.filter((f) => f.category === c.category);
    out.push('', `## ${c.title}: ${c.passed ? 'pass' : 'fail'}`, '');
    if (!inCategory.length) {
      out.push('No findings.');
      continue;
    }
    for (const [file, findings] of groupByPath(inCategory)) {
      out.push(`### \`${file}\``, '');
      for (const f of findings) {
        const where = f.cell !== undefined ? `${cellLabel(f.cell)}, line ${f.line}` : `line ${f.line}`;
        out.push(`- **${f.severity}** [\`${f.ruleId}\`](${docsUrl(f.ruleId)}) (${where}): ${escapeMarkdown(f.message)}`);
      }
      out.push('');
    }
  }
  if (report.skipped.length) {
    out.push('', '## Skipped files', '');
    for (const skip of report.skipped) out.push(`- \`${skip.path}\`: ${skip.reason}`);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

function escapeMarkdown(text: string): string {
  return text.replace(/([<>])/g, '\\$1');
}

export function formatRulesText(): string {
  const width = Math.max(...RULES.map((r) => r.id.length));
  return (
    RULES.map(
      (r) =>
        `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.category.padEnd(15)}  ${r.languages.join(',').padEnd(24)}  ${r.fixable ? 'fix' : '   '}  ${r.summary}`,
    ).join('\n') + '\n'
  );
}

export function formatRulesJson(): string {
  return (
    JSON.stringify(
      RULES.map((r) => ({
        id: r.id,
        languages: r.languages,
        category: r.category,
        severity: r.severity,
        fixable: r.fixable,
        summary: r.summary,
        docs: docsUrl(r.id),
      })),
      null,
      2,
    ) + '\n'
  );
}
