import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { AdapterFinding, LanguageAdapter } from '../../core/languages';
import type { FileFacts } from '../../core/project';
import { LineIndex } from '../../core/text';
import { jsonTooDeepAt, tooDeep } from '../limits';
import { implementationsOf } from '../../core/rule';
import { analyzePythonTree, parsePython } from '../python/analyze';
import { pythonProjectFacts } from '../python/facts';
import type { PythonRuleImplementation } from '../python/rule';

/**
 * Jupyter notebooks (nbformat 4). rules.md: a notebook is ONE module, its code cells in order, so an
 * import in cell 1 counts in cell 7. The code cells are joined into one Python text (IPython magics
 * and shell escapes blanked to comments of the same length, so offsets do not move), analysed by the
 * Python rules once, and each finding is mapped back to (cell index counting every cell, offset in
 * that cell's source). Rules defined with `notebooks: false` (print-logging) do not run here.
 *
 * Fixes are not offered in notebooks: an edit would have to be expressed against the cell (for the
 * editor) and against the .ipynb JSON (for `--fix`) at once, and a fix that works in one and corrupts
 * the other is worse than none.
 *
 * Invalid JSON and notebooks that are not nbformat 4 are skipped with the reason (and line:column).
 */
const MAX_NOTEBOOK_CHARS = 32 * 1024 * 1024;

interface NotebookCell {
  cell_type?: unknown;
  source?: unknown;
}

export const notebookAdapter: LanguageAdapter = {
  async analyze(input) {
    if (input.text.length > MAX_NOTEBOOK_CHARS)
      return { findings: [], skipped: `notebook too large to analyse (${(input.text.length / (1024 * 1024)).toFixed(1)} MB)` };
    const parsed = parseNotebook(input.text);
    if ('skipped' in parsed) return { findings: [], skipped: parsed.skipped };
    const { cells, codeCells } = parsed;

    // One module: code cells in order, each followed by a newline.
    const starts: Array<{ cell: number; start: number; end: number }> = [];
    let moduleText = '';
    for (const index of codeCells) {
      const start = moduleText.length;
      moduleText += pythonOnly(cells[index]) + '\n';
      starts.push({ cell: index, start, end: start + cells[index].length });
    }
    const locate = (offset: number) => {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid].start <= offset) low = mid;
        else high = mid - 1;
      }
      return starts[low];
    };

    const findings: AdapterFinding[] = [];
    let facts: FileFacts | undefined;
    if (starts.length) {
      const tree = await parsePython(moduleText);
      try {
        const rules = implementationsOf<PythonRuleImplementation>(input.rules, 'python', (rule) => rule.notebooks !== false);
        const { findings: raw, module } = await analyzePythonTree(tree, moduleText, input.path, rules, input.options);
        for (const finding of raw) {
          const cell = locate(finding.start);
          const start = finding.start - cell.start;
          const end = Math.min(finding.end, cell.end) - cell.start;
          findings.push({
            ruleId: finding.ruleId,
            message: finding.message,
            defaultSeverity: finding.defaultSeverity,
            start,
            end: Math.max(start, end),
            cell: cell.cell,
          });
        }
        facts = mapFacts(pythonProjectFacts(module), locate);
      } finally {
        tree.delete();
      }
    }
    return { findings, facts, cells };
  },
};

function mapFacts(facts: FileFacts, locate: (offset: number) => { cell: number; start: number }): FileFacts {
  return {
    ...facts,
    // A notebook is not importable by name (only through notebook loaders, which the workspace pass flags).
    providesModule: undefined,
    envReads: facts.envReads?.map((read) => {
      const cell = locate(read.start);
      return { ...read, start: read.start - cell.start, end: read.end - cell.start, cell: cell.cell };
    }),
    pythonImports: facts.pythonImports?.map((entry) => {
      const cell = locate(entry.start);
      return { ...entry, start: entry.start - cell.start, end: entry.end - cell.start, cell: cell.cell };
    }),
  };
}

/** Every cell's source text (all cells, so indices match nbformat and VS Code) and which are code. */
export function parseNotebook(text: string): { cells: string[]; codeCells: number[] } | { skipped: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { skipped: jsonError(text, error) };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { skipped: 'invalid notebook: the top level is not a JSON object' };
  const notebook = data as { cells?: unknown; nbformat?: unknown };
  if (!Array.isArray(notebook.cells)) {
    return {
      skipped: `invalid notebook: no "cells" list${typeof notebook.nbformat === 'number' && notebook.nbformat < 4 ? ` (nbformat ${notebook.nbformat} is not supported; convert it with nbconvert)` : ''}`,
    };
  }
  const cells: string[] = [];
  const codeCells: number[] = [];
  notebook.cells.forEach((raw: NotebookCell, index: number) => {
    const source = Array.isArray(raw?.source)
      ? raw.source.filter((part) => typeof part === 'string').join('')
      : typeof raw?.source === 'string'
        ? raw.source
        : '';
    cells.push(source);
    if (raw?.cell_type === 'code') codeCells.push(index);
  });
  return { cells, codeCells };
}

function jsonError(text: string, error: unknown): string {
  // jsonc-parser (for the position of the error) recurses per level; JSON.parse did not.
  const deep = jsonTooDeepAt(text);
  if (deep >= 0) {
    const position = new LineIndex(text).position(deep);
    return tooDeep(`${position.line + 1}:${position.column + 1}: invalid notebook JSON, `);
  }
  const errors: ParseError[] = [];
  parseTree(text, errors);
  if (errors.length) {
    const position = new LineIndex(text).position(errors[0].offset);
    return `${position.line + 1}:${position.column + 1}: invalid notebook JSON: ${printParseErrorCode(errors[0].error)}`;
  }
  return `invalid notebook JSON: ${error instanceof Error ? error.message : String(error)}`;
}

const PYTHON_CELL_MAGICS = /^%%(time|timeit|capture|prun|debug)\b/;

/**
 * The cell's text with IPython syntax the Python grammar does not know replaced by comments of the same
 * length: `%magic` and `!shell` lines, and whole cells under a non-Python cell magic (`%%bash`).
 */
function pythonOnly(source: string): string {
  const trimmed = source.trimStart();
  if (trimmed.startsWith('%%') && !PYTHON_CELL_MAGICS.test(trimmed))
    return source.replace(/[^\r\n]/g, (ch, offset: number) => (offset === 0 || /[\r\n]/.test(source[offset - 1]) ? '#' : ch));
  return source.replace(
    /^([ \t]*)([%!]|%%)([^\r\n]*)/gm,
    (_match, indent: string, marker: string, rest: string) => `${indent}#${' '.repeat(marker.length - 1)}${rest}`,
  );
}
