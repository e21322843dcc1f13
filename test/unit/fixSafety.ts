import * as path from 'node:path';
import { applyEdits } from '../../src/core/fixes';
import type { Finding, TextEdit } from '../../src/core/types';
import { parsePython } from '../../src/parsers/python/analyze';
import { parseTypeScript } from '../../src/parsers/typescript/parse';

/**
 * "A fix never creates a new finding of another rule" (issue 13 item 4, R2.6), checked one fix at a
 * time: apply that fix alone, re-analyse, and require that the files still parse, that the finding
 * is gone, and that no finding of any rule appears that was not there before — compared as
 * multisets of `rule: message` per file. The only exception is what R2.6 lets an unsafe fix
 * announce: the hardcoded-secret fix's `undeclared-env-var` when the deployment does not set the
 * variable it now reads.
 */

export interface FileResult {
  findings: Finding[];
  skipped?: string;
}

/** Analyses a set of files (one file, or a whole project with its cross-file pass). */
export type Analyse = (texts: ReadonlyMap<string, string>) => Promise<Map<string, FileResult>>;

const key = (finding: Finding) => `${finding.ruleId}: ${finding.message}`;

function counts(findings: readonly Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const finding of findings) out.set(key(finding), (out.get(key(finding)) ?? 0) + 1);
  return out;
}

/** What an unsafe fix may announce (R2.6). */
function announced(fix: Finding, appeared: Finding): boolean {
  return fix.ruleId === 'hardcoded-secret' && fix.fix?.safe === false && appeared.ruleId === 'undeclared-env-var';
}

async function syntaxError(file: string, text: string): Promise<string | undefined> {
  if (/\.py$/.test(file)) {
    const tree = await parsePython(text);
    try {
      return tree.rootNode.hasError ? 'a Python syntax error' : undefined;
    } finally {
      tree.delete();
    }
  }
  if (/\.[cm]?[jt]sx?$/.test(file)) {
    const parsed = parseTypeScript(text, file);
    return 'error' in parsed ? `a TS/JS syntax error (${parsed.error})` : undefined;
  }
  return undefined;
}

/**
 * Runs every fix that `include` selects, each on its own, and returns what went wrong (empty when
 * every fix is clean). `texts` maps file paths (as `analyse` reports them) to their contents.
 */
export async function checkEachFixAlone(
  texts: ReadonlyMap<string, string>,
  analyse: Analyse,
  include: (finding: Finding, file: string) => boolean = () => true,
): Promise<{ problems: string[]; checked: number }> {
  const before = await analyse(texts);
  const problems: string[] = [];
  let checked = 0;
  for (const [file, result] of before) {
    for (const finding of result.findings) {
      if (!finding.fix || !include(finding, file)) continue;
      checked++;
      const where = `${path.basename(file)}: ${finding.ruleId} fix "${finding.fix.description}"`;
      const byFile = new Map<string, TextEdit[]>();
      for (const edit of finding.fix.edits) {
        const target = edit.path ?? file;
        byFile.set(target, [...(byFile.get(target) ?? []), edit]);
      }
      const changed = new Map(texts);
      for (const [target, edits] of byFile) changed.set(target, applyEdits(changed.get(target) ?? '', edits));
      const after = await analyse(changed);
      for (const target of byFile.keys()) {
        const error = await syntaxError(target, changed.get(target)!);
        if (error && !(await syntaxError(target, texts.get(target) ?? '')))
          problems.push(`${where} leaves ${error}:\n${changed.get(target)}`);
        if (after.get(target)?.skipped && !before.get(target)?.skipped)
          problems.push(`${where} makes ${target} unanalysable: ${after.get(target)?.skipped}`);
      }
      for (const name of new Set([...before.keys(), ...after.keys()])) {
        const was = counts(before.get(name)?.findings ?? []);
        const now = after.get(name)?.findings ?? [];
        const nowCounts = counts(now);
        if (name === file && (nowCounts.get(key(finding)) ?? 0) >= (was.get(key(finding)) ?? 0)) {
          problems.push(`${where}: the finding remains after the fix:\n${changed.get(file)}`);
        }
        for (const [entry, count] of nowCounts) {
          if (count <= (was.get(entry) ?? 0)) continue;
          const appeared = now.find((other) => key(other) === entry)!;
          if (announced(finding, appeared)) continue;
          problems.push(`${where} creates a new finding in ${path.basename(name)}: ${entry}\n${changed.get(name) ?? ''}`);
        }
      }
    }
  }
  return { problems, checked };
}
