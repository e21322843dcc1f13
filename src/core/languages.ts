import type { IncrementalDocument } from './documentCache';
import type { FileKind } from './fileKinds';
import type { FileFacts } from './facts';
import type { RuleDefinition } from './rule';
import type { AdapterFinding, RuleOptions } from './types';

export interface AdapterInput {
  path: string;
  text: string;
  kind: FileKind;
  /** The rules enabled for this file; the adapter runs their implementations of its kind. */
  rules: readonly RuleDefinition[];
  options: RuleOptions;
  /** Editor documents: reuse the previous parse tree of this document for an incremental re-parse. */
  document?: IncrementalDocument;
}

export type { AdapterFinding } from './types';

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

/** Loads the adapter of a file kind on first use, so a Python-only workspace never loads the TS parser. */
export type AdapterLoader = () => Promise<LanguageAdapter>;

/** Which adapter analyses which file kind: built by the parsers layer, handed to the engine. */
export type AdapterTable = ReadonlyMap<FileKind, AdapterLoader>;
