import * as path from 'path';
import * as vscode from 'vscode';
import picomatch from 'picomatch';
import { ConfigError, ConfigResolver, isExcluded, severitiesFrom, type ProjectConfig, type RuleSeverities } from '../core/config';
import { DEFAULT_RULE_OPTIONS, type RuleOptions } from '../core/types';
import { RULE_IDS } from '../session/engine';
import { readSettings } from './settings';

const ALWAYS_EXCLUDED = [
  '**/node_modules/**',
  '**/.git/**',
  '**/.venv/**',
  '**/venv/**',
  '**/__pycache__/**',
  '**/site-packages/**',
  '**/.tox/**',
  '**/.mypy_cache/**',
];

export interface AnalysisSettings {
  severities: RuleSeverities;
  options: RuleOptions;
  excluded: boolean;
}

/**
 * What applies to a file: the nearest `.prodready.yaml` (the same file the CLI reads) with the
 * user's settings on top. A broken config file is reported once on the file itself and otherwise
 * treated as absent, so a typo never switches the linter off silently.
 */
export class ProjectSettings implements vscode.Disposable {
  private resolver = new ConfigResolver(RULE_IDS);
  private readonly configProblems: vscode.DiagnosticCollection;
  private readonly onDidChangeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.onDidChangeEmitter.event;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor() {
    this.configProblems = vscode.languages.createDiagnosticCollection('prodready-config');
    this.watcher = vscode.workspace.createFileSystemWatcher('**/.prodready.yaml');
    const reload = () => {
      this.resolver = new ConfigResolver(RULE_IDS);
      this.configProblems.clear();
      this.onDidChangeEmitter.fire();
    };
    this.watcher.onDidCreate(reload);
    this.watcher.onDidChange(reload);
    this.watcher.onDidDelete(reload);
  }

  /** Called when a `.prodready.yaml` is saved from the editor (the watcher may lag behind). */
  reload(): void {
    this.resolver = new ConfigResolver(RULE_IDS);
    this.configProblems.clear();
    this.onDidChangeEmitter.fire();
  }

  forFile(filePath: string, scope?: vscode.Uri): AnalysisSettings {
    const settings = readSettings(scope);
    const config = this.projectConfig(filePath);
    const options: RuleOptions = { ...(config?.options ?? DEFAULT_RULE_OPTIONS) };
    if (settings.defaultTimeoutSeconds !== undefined) options.defaultTimeoutSeconds = settings.defaultTimeoutSeconds;
    return {
      severities: severitiesFrom(config, settings.severityOverrides),
      options,
      excluded: (config !== undefined && isExcluded(config, filePath)) || matchesExclude(settings.exclude, filePath, scope),
    };
  }

  private projectConfig(filePath: string): ProjectConfig | undefined {
    try {
      return this.resolver.forFile(filePath);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.reportConfigError(error);
      return undefined;
    }
  }

  private reportConfigError(error: ConfigError): void {
    const match = /^(.*?\.prodready\.yaml)(?::(\d+):(\d+))?: (.*)$/s.exec(error.message);
    if (!match) return;
    const line = match[2] ? Number(match[2]) - 1 : 0;
    const column = match[3] ? Number(match[3]) - 1 : 0;
    const diagnostic = new vscode.Diagnostic(new vscode.Range(line, column, line, column + 1), match[4], vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'prodready';
    this.configProblems.set(vscode.Uri.file(match[1]), [diagnostic]);
  }

  dispose(): void {
    this.watcher.dispose();
    this.configProblems.dispose();
    this.onDidChangeEmitter.dispose();
  }
}

const excludeMatchers = new Map<string, (relative: string) => boolean>();

function matchesExclude(globs: string[], filePath: string, scope?: vscode.Uri): boolean {
  const all = [...ALWAYS_EXCLUDED, ...globs];
  const key = all.join('\0');
  let matcher = excludeMatchers.get(key);
  if (!matcher) {
    const compiled = picomatch(all, { dot: true });
    matcher = (relative: string) => compiled(relative);
    excludeMatchers.set(key, matcher);
  }
  const folder = (scope && vscode.workspace.getWorkspaceFolder(scope)) ?? vscode.workspace.workspaceFolders?.[0];
  const relative = folder ? path.relative(folder.uri.fsPath, filePath).split(path.sep).join('/') : filePath;
  return matcher(relative.startsWith('..') ? filePath : relative);
}

export { ALWAYS_EXCLUDED };
