/**
 * Plain data shared by the engine, the rules, the CLI and the editor glue.
 * Positions are UTF-16 offsets into the analysed text (VS Code's unit and tree-sitter's in JS);
 * they become lines and columns only at the edges (CLI formatters, VS Code diagnostics).
 */

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export const CATEGORIES = ['resilience', 'observability', 'configuration', 'latency-cost', 'input-contracts', 'deployment'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_TITLES: Record<Category, string> = {
  resilience: 'Resilience',
  observability: 'Observability',
  configuration: 'Configuration',
  'latency-cost': 'Latency and cost',
  'input-contracts': 'Input contracts',
  deployment: 'Deployment',
};

/** The languages a rule is written for, as rules.md names them. */
export type RuleLanguage = 'py' | 'ts/js' | 'manifests' | 'notebooks' | 'cross-file';

export interface RuleDocs {
  /** One paragraph: why this pattern breaks in production. */
  why: string;
  /** What the rule flags. */
  flags: string;
  /** What it deliberately leaves alone. */
  doesNotFlag: string;
  /** The fix it offers, or how to fix it by hand. */
  fix: string;
  /** A short example of code it flags. */
  bad?: string;
  /** The same example, production-grade. */
  good?: string;
  /**
   * The file the examples are, relative to a project root (`app/serve.py`, `Dockerfile`,
   * `k8s/deployment.yaml`); default `app/serve.py` for Python rules, `src/server.ts` for TS/JS-only ones.
   * Decides the file kind the docs-examples test analyses them as.
   */
  examplePath?: string;
  /** Cross-file rules: the other files of the example's project (path → text), beside `bad` and `good`. */
  exampleFiles?: Record<string, string>;
}

/**
 * Where a code rule's findings may sit (rules.md R2.1), decided by the project pass from the
 * deployment model: `production` = deployed code in a deployed project, else serving modules and the
 * modules they import; `runnable` = deployed code, else any runnable module (not a test, `scripts/`,
 * notebook, pipeline or browser code); `not-tests` = anywhere but tests.
 */
export type CodeScope = 'production' | 'runnable' | 'not-tests';

export interface RuleMeta {
  id: string;
  languages: RuleLanguage[];
  category: Category;
  severity: Severity;
  /** Whether the rule offers a fix for at least some of its findings. */
  fixable: boolean;
  /** One line for catalogues and settings. */
  summary: string;
  /** Code rules: which modules their findings may sit in (manifest-only rules have none). */
  scope?: CodeScope;
  docs: RuleDocs;
}

export interface TextEdit {
  /** UTF-16 offsets into the text of the file named by `path` (the analysed file when absent). */
  start: number;
  end: number;
  text: string;
  /** For fixes that touch another file (cross-file rules): its absolute path. */
  path?: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
  /** Safe fixes run on `--fix` and on save; unsafe ones only when the user picks them. */
  safe: boolean;
}

/** What a rule reports; the engine adds severity, category and suppression. */
export interface RawFinding {
  ruleId: string;
  start: number;
  end: number;
  message: string;
  fix?: Fix;
  /** Where one rule has different defaults per file kind (hardcoded-path: error in code, warning in manifests). */
  defaultSeverity?: Severity;
  /** This finding's scope where it differs from its rule's (hardcoded-path's machine-specific prefixes: `runnable`). */
  codeScope?: CodeScope;
}

/** A finding as an adapter reports it: in a notebook, with its cell (offsets are then inside that cell's source). */
export interface AdapterFinding extends RawFinding {
  cell?: number;
}

/** Why a finding's file is code its rule applies to (JSON and SARIF `scope`). */
export interface FindingScope {
  kind: 'deployed' | 'serving' | 'runnable' | 'any';
  /** For `deployed`: the artifact line and command that runs it (`Dockerfile:12 uvicorn app.main:app`). */
  via?: string;
}

export interface Finding extends RawFinding {
  severity: Severity;
  category: Category;
  /** Set by the project pass for findings of code rules. */
  scope?: FindingScope;
  /** Notebook cell index (0-based, all cells counted) when the file is a notebook. */
  cell?: number;
}

/** A position a formatter or the editor shows: 0-based line, UTF-16 column. */
export interface LineColumn {
  line: number;
  column: number;
}

export interface RuleOptions {
  /** The timeout fixes give HTTP and model-server clients (`.prodready.yaml` `defaultTimeoutSeconds`). */
  defaultTimeoutSeconds: number;
  /** The timeout fixes give LLM clients and calls, whose generations routinely exceed 10 s (`llmTimeoutSeconds`). */
  llmTimeoutSeconds: number;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = { defaultTimeoutSeconds: 10, llmTimeoutSeconds: 60 };

/**
 * Thrown by an adapter that cannot analyse a file for a reason the user should read (not a bug):
 * the engine reports its message as the file's `skipped` reason.
 */
export class SkipFile extends Error {}

/** A parser or walk that recursed once per level of nesting ran out of stack (machine-made input thousands of levels deep). */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
