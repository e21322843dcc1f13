import type { Edit, Point, Tree } from '@vscode/tree-sitter-wasm';
import type { CachedParse, IncrementalDocument, TextChange } from '../../core/documentCache';
import { LineIndex } from '../../core/text';
import { parsePython } from './analyze';

class CachedPythonTree implements CachedParse {
  constructor(
    public text: string,
    public tree: Tree,
  ) {}

  dispose(): void {
    this.tree.delete();
  }
}

function point(lines: LineIndex, offset: number): Point {
  const position = lines.position(offset);
  return { row: position.line, column: position.column };
}

/** The end point of `inserted` text starting at `start`. */
function endPoint(start: Point, inserted: string): Point {
  const lines = inserted.split(/\r\n|\r|\n/);
  if (lines.length === 1) return { row: start.row, column: start.column + inserted.length };
  return { row: start.row + lines.length - 1, column: lines[lines.length - 1].length };
}

/**
 * Replays the changes on the cached tree (`tree.edit`) and re-parses from it. Falls back to one
 * changed range computed from the texts when the changes are unknown, and to a fresh parse when
 * the replayed changes do not reproduce the new text.
 */
function replay(cached: CachedPythonTree, text: string, changes: readonly TextChange[] | undefined): boolean {
  let working = cached.text;
  const steps = changes ?? [diff(working, text)];
  for (const change of steps) {
    if (change.start < 0 || change.end > working.length || change.start > change.end) return false;
    const lines = new LineIndex(working);
    const startPosition = point(lines, change.start);
    const edit: Edit = {
      startIndex: change.start,
      oldEndIndex: change.end,
      newEndIndex: change.start + change.text.length,
      startPosition,
      oldEndPosition: point(lines, change.end),
      newEndPosition: endPoint(startPosition, change.text),
    };
    cached.tree.edit(edit);
    working = working.slice(0, change.start) + change.text + working.slice(change.end);
  }
  return working === text;
}

/** The single range where two texts differ (common prefix and suffix trimmed). */
function diff(before: string, after: string): TextChange {
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}

/**
 * The tree for an editor document: incremental when a previous tree is cached, fresh otherwise.
 * The cache keeps ownership of the tree (freed when the document closes).
 */
export async function parseDocument(text: string, document: IncrementalDocument): Promise<Tree> {
  const cached = document.cache.get(document.key);
  let tree: Tree;
  try {
    if (cached instanceof CachedPythonTree && cached.text !== text && replay(cached, text, document.changes)) {
      tree = await parsePython(text, cached.tree);
    } else if (cached instanceof CachedPythonTree && cached.text === text) {
      return cached.tree;
    } else {
      tree = await parsePython(text);
    }
  } catch (error) {
    // The cached tree may already be edited to the new text: never reuse it after a failed parse.
    document.cache.delete(document.key);
    throw error;
  }
  document.cache.set(document.key, new CachedPythonTree(text, tree));
  return tree;
}
