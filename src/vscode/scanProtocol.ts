/** Messages between the workspace check (extension host) and its worker threads; plain data only. */
import type { FileAnalysis } from '../core/engine';
import type { Category, Severity, SeveritySetting } from '../core/types';

export interface ScanRequest {
  files: { path: string; text?: string }[];
  overrides: Record<string, SeveritySetting>;
  defaultTimeoutSeconds?: number;
}

/** One file's analysis and the text it was made from (cross-file findings are located in it). */
export interface ScannedText {
  analysis: FileAnalysis;
  text?: string;
}

export interface ScannedFinding {
  ruleId: string;
  severity: Severity;
  category: Category;
  message: string;
  cell?: number;
  /** 0-based line, UTF-16 column, inside the cell for notebooks. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
}

export interface ScannedFile {
  path: string;
  kind?: string;
  findings: ScannedFinding[];
  skipped?: string;
}

export type ScanMessage = { type: 'file'; file: ScannedText } | { type: 'done' } | { type: 'error'; message: string };
