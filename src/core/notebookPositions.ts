import { parseTree, type Node } from 'jsonc-parser';

/**
 * Where notebook findings are, for people and for tools that only know the `.ipynb` file.
 *
 * rules.md R2.6 "Cells": human-facing text numbers cells from 1, counting markdown cells
 * ("cell 5"), as VS Code and Jupyter show them; JSON's `cell` stays the 0-based index.
 */

/** The one way a cell is named in text people read (CLI text, markdown, the editor): `cell 5` for index 4. */
export function cellLabel(cell: number): string {
  return `cell ${cell + 1}`;
}

/** One string of a cell's `source` (a list of strings, or one string): its raw JSON span and decoded length. */
interface SourcePart {
  /** Offset of the opening quote in the notebook text. */
  rawStart: number;
  rawEnd: number;
  length: number;
}

/**
 * Maps an offset inside a cell's source (what findings carry) to the offset in the notebook's
 * JSON text where that character is written, by walking the string literals of the cell's
 * `source` (escapes such as `\n`, `\"`, `\u00e9` take more than one character in the file).
 * Returns undefined when the text is not a notebook whose cells can be found.
 */
export function notebookSourceMap(ipynb: string): ((cell: number, offset: number) => number | undefined) | undefined {
  let root: Node | undefined;
  try {
    root = parseTree(ipynb, [], { allowTrailingComma: false, disallowComments: true });
  } catch {
    return undefined;
  }
  const cellsNode = root?.type === 'object' ? propertyValue(root, 'cells') : undefined;
  if (cellsNode?.type !== 'array') return undefined;
  const cells: SourcePart[][] = (cellsNode.children ?? []).map((cell) => {
    const source = cell.type === 'object' ? propertyValue(cell, 'source') : undefined;
    const strings =
      source?.type === 'array'
        ? (source.children ?? []).filter((part) => part.type === 'string')
        : source?.type === 'string'
          ? [source]
          : [];
    return strings.map((part) => ({ rawStart: part.offset, rawEnd: part.offset + part.length, length: String(part.value).length }));
  });
  return (cell, offset) => {
    const parts = cells[cell];
    if (!parts?.length) return undefined;
    let before = 0;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      // The end of a line belongs to the part that holds it, the start of the next line to the next part.
      if (offset < before + part.length || i === parts.length - 1) return rawOffset(ipynb, part, Math.min(offset - before, part.length));
      before += part.length;
    }
    return undefined;
  };
}

function propertyValue(object: Node, key: string): Node | undefined {
  // The last occurrence wins, as JSON.parse (which the analysis used) decides duplicate keys.
  let found: Node | undefined;
  for (const property of object.children ?? []) {
    if (property.children?.[0]?.value === key) found = property.children[1];
  }
  return found;
}

/** The raw offset of decoded character `index` of a JSON string literal (UTF-16 units on both sides). */
function rawOffset(text: string, part: SourcePart, index: number): number {
  let raw = part.rawStart + 1;
  for (let decoded = 0; decoded < index && raw < part.rawEnd - 1; decoded++) {
    if (text.charCodeAt(raw) === 92 /* \ */) raw += text[raw + 1] === 'u' ? 6 : 2;
    else raw += 1;
  }
  return raw;
}
