import type { IncrementalDocument } from './documentCache';
import type { FileKind } from './fileKinds';
import type { FileFacts } from './project';
import type { RawFinding, RuleOptions } from './types';

export interface AdapterInput {
  path: string;
  text: string;
  kind: FileKind;
  isEnabled(ruleId: string): boolean;
  options: RuleOptions;
  /** Editor documents: reuse the previous parse tree of this document for an incremental re-parse. */
  document?: IncrementalDocument;
}

export interface AdapterFinding extends RawFinding {
  /** Notebook cell; offsets are then inside that cell's source. */
  cell?: number;
}

export interface AdapterOutput {
  findings: AdapterFinding[];
  facts?: FileFacts;
  /** Set when the file cannot be analysed (unparseable manifest): the reason, with line and column where known. */
  skipped?: string;
  /**
   * For files whose findings sit in sub-documents (notebook cells): the text of each cell,
   * so suppressions and positions are read per cell.
   */
  cells?: string[];
  /** Whether the parser recovered from syntax errors: fixes must never introduce any. */
  hasSyntaxErrors?: boolean;
}

/** One parser adapter per file kind; loaded lazily so a Python-only workspace never loads the TS parser. */
export interface LanguageAdapter {
  analyze(input: AdapterInput): Promise<AdapterOutput>;
}

type AdapterLoader = () => Promise<LanguageAdapter>;

const loaders = new Map<FileKind, AdapterLoader>();
const loaded = new Map<FileKind, Promise<LanguageAdapter>>();

export function registerAdapter(kinds: FileKind[], loader: AdapterLoader): void {
  for (const kind of kinds) loaders.set(kind, loader);
}

export function adapterFor(kind: FileKind): Promise<LanguageAdapter> | undefined {
  let adapter = loaded.get(kind);
  if (adapter) return adapter;
  const loader = loaders.get(kind);
  if (!loader) return undefined;
  adapter = loader();
  loaded.set(kind, adapter);
  return adapter;
}
