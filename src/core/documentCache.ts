/**
 * Parse trees kept per open document so the editor re-parses incrementally after an edit
 * (tree-sitter `tree.edit` + reparse) instead of from scratch. Adapters own what they store;
 * closing a document must call `delete` so its WASM memory is freed.
 */

/** One change to a document, in offsets of the text before the change (as VS Code reports it). */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

export interface CachedParse {
  /** The text the cached tree was parsed from. */
  text: string;
  dispose(): void;
}

export class DocumentParseCache {
  private readonly entries = new Map<string, CachedParse>();

  get(key: string): CachedParse | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: CachedParse): void {
    const previous = this.entries.get(key);
    if (previous && previous !== entry) previous.dispose();
    this.entries.set(key, entry);
  }

  delete(key: string): void {
    this.entries.get(key)?.dispose();
    this.entries.delete(key);
  }

  clear(): void {
    for (const entry of this.entries.values()) entry.dispose();
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface IncrementalDocument {
  cache: DocumentParseCache;
  /** A stable key per document (its URI). */
  key: string;
  /** Changes since the cached text, in order; absent means "unknown: diff or parse fresh". */
  changes?: readonly TextChange[];
}
