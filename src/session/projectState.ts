import type { FileAnalysis } from '../core/analysis';
import type { RuleSeverities } from '../core/config';
import type { Finding } from '../core/types';
import { analyzeProject } from './engine';

export interface ProjectStateOptions {
  /** The folders being checked (workspace folders). */
  roots: readonly string[];
  severities(file: string): RuleSeverities;
}

/**
 * The project pass kept current for a front end that sees files change one at a time (the editor,
 * the language server): every file's last per-file analysis and text, and the complete findings of
 * each file (its own that stay in scope plus its cross-file ones) recomputed when any file changes.
 * The same `analyzeProject` the CLI runs, over the same inputs, so an open file's findings equal the
 * CLI's for that file at every moment.
 */
export class ProjectState {
  private readonly files = new Map<string, { analysis: FileAnalysis; text: string | undefined }>();
  private results: Map<string, Finding[]> | undefined;

  constructor(private options: ProjectStateOptions) {}

  /** Whether the state holds a whole workspace (a scan has filled it). */
  get size(): number {
    return this.files.size;
  }

  /** Replaces everything with a workspace scan's results. */
  replaceAll(entries: Iterable<{ analysis: FileAnalysis; text?: string }>, options?: ProjectStateOptions): void {
    if (options) this.options = options;
    this.files.clear();
    for (const { analysis, text } of entries) this.files.set(analysis.path, { analysis, text });
    this.results = undefined;
  }

  /**
   * One file's fresh per-file analysis (an edit, an opened document). Returns whether what it
   * contributes to the project (its facts) changed, so other files' findings may have changed too.
   */
  update(analysis: FileAnalysis, text: string): boolean {
    const previous = this.files.get(analysis.path);
    this.files.set(analysis.path, { analysis, text });
    this.results = undefined;
    return !previous || JSON.stringify(previous.analysis.facts ?? null) !== JSON.stringify(analysis.facts ?? null);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /** The complete findings of a file the state holds, or undefined for one it does not. */
  findingsFor(file: string): Finding[] | undefined {
    if (!this.files.has(file)) return undefined;
    this.results ??= analyzeProject(
      [...this.files.values()].map((entry) => entry.analysis),
      { roots: this.options.roots, readText: (path) => this.files.get(path)?.text, severities: this.options.severities },
    );
    return this.results.get(file) ?? [];
  }
}
