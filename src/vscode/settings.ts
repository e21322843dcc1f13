import * as vscode from 'vscode';
import { RULES } from '../session/engine';
import type { SeveritySetting } from '../core/types';

export type RunMode = 'onType' | 'onSave';

/** Every `prodready.*` setting, read per resource (multi-root folders may differ), in one typed place. */
export interface ExtensionSettings {
  enable: boolean;
  run: RunMode;
  debounceMs: number;
  /** Only the rules the user set to something other than "default". */
  severityOverrides: Record<string, SeveritySetting>;
  /** Set only when the user chose a value; otherwise `.prodready.yaml` or the built-in default applies. */
  defaultTimeoutSeconds?: number;
  exclude: string[];
}

const SEVERITY_VALUES = new Set(['off', 'info', 'warning', 'error']);

export function readSettings(scope?: vscode.ConfigurationScope): ExtensionSettings {
  const config = vscode.workspace.getConfiguration('prodready', scope);
  const severityOverrides: Record<string, SeveritySetting> = {};
  for (const rule of RULES) {
    const value = config.get<string>(`rules.${rule.id}`);
    if (value && SEVERITY_VALUES.has(value)) severityOverrides[rule.id] = value as SeveritySetting;
  }
  const timeout = config.inspect<number>('defaultTimeoutSeconds');
  const explicitTimeout = timeout?.workspaceFolderValue ?? timeout?.workspaceValue ?? timeout?.globalValue ?? undefined;
  return {
    enable: config.get<boolean>('enable', true),
    run: config.get<RunMode>('run', 'onType') === 'onSave' ? 'onSave' : 'onType',
    debounceMs: Math.max(0, config.get<number>('debounceMs', 300)),
    severityOverrides,
    defaultTimeoutSeconds: typeof explicitTimeout === 'number' && explicitTimeout > 0 ? explicitTimeout : undefined,
    exclude: config.get<string[]>('exclude', []),
  };
}
