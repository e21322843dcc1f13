/** Messages between the workspace check (extension host) and its worker threads; plain data only. */
import type { FileKind } from '../core/fileKinds';
import type { Category, Severity, SeveritySetting } from '../core/types';

export interface ScanRequest {
  files: { path: string; text?: string }[];
  overrides: Record<string, SeveritySetting>;
  defaultTimeoutSeconds?: number;
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
  kind?: FileKind;
  findings: ScannedFinding[];
  skipped?: string;
}

export type ScanMessage = { type: 'file'; file: ScannedFile } | { type: 'done' } | { type: 'error'; message: string };
