import type { RuleSeverities } from './config';
import type { IncrementalDocument } from './documentCache';
import type { FileFacts } from './facts';
import type { FileKind } from './fileKinds';
import type { Finding, RuleOptions } from './types';

export interface AnalyzeRequest {
  /** Absolute (or workspace-relative) path; decides the file kind unless `kind` is given. */
  path: string;
  text: string;
  kind?: FileKind;
  severities?: RuleSeverities;
  /** Rule options; any left out take their defaults. */
  options?: Partial<RuleOptions>;
  /** Editor documents: lets the parser re-parse incrementally from the previous tree. */
  document?: IncrementalDocument;
}

export interface FileAnalysis {
  path: string;
  kind: FileKind | undefined;
  /** Sorted by position; suppressed findings and disabled rules are already gone. */
  findings: Finding[];
  /** Why the file could not be analysed, when it could not. */
  skipped?: string;
  facts?: FileFacts;
  /** Cell texts of a notebook (findings' offsets are inside them). */
  cells?: string[];
  hasSyntaxErrors?: boolean;
}
