import type { AdapterFinding } from '../core/languages';
import { implementationsOf, type Active, type RuleDefinition } from '../core/rule';
import type { Fix, RuleOptions, Severity } from '../core/types';
import type { DeclaredDependency } from './dependencies';
import type { DockerfileModel } from './dockerfile/model';
import type { ComposeService, KubeWorkload, YamlModel } from './yaml/model';

/**
 * Manifest rule implementations. Each manifest adapter builds one model of its file (a dependency
 * list, a Dockerfile, a YAML file's workloads and services) and calls every enabled rule's hook for
 * that model, so a rule reads as: "for a Dockerfile, look at ...; for a compose service, look at ...".
 */

export interface DependencyManifest {
  path: string;
  text: string;
  dependencies: DeclaredDependency[];
  /** npm ranges are pinned in effect when a lockfile sits beside package.json. */
  npmLockfilePresent?: boolean;
}

export interface ManifestContext {
  readonly path: string;
  readonly text: string;
  readonly options: RuleOptions;
  report(finding: { start: number; end: number; message: string; fix?: Fix; defaultSeverity?: Severity }): void;
}

export interface ManifestRuleImplementation {
  dependencies?(manifest: DependencyManifest, context: ManifestContext): void;
  dockerfile?(dockerfile: DockerfileModel, context: ManifestContext): void;
  /** Once per Kubernetes object of a YAML file that has a pod spec (workload, InferenceService, Seldon...). */
  kubernetes?(workload: KubeWorkload, context: ManifestContext, model: YamlModel): void;
  compose?(service: ComposeService, context: ManifestContext, model: YamlModel): void;
}

export type ManifestRule = Active<ManifestRuleImplementation>;

type Hook = 'dependencies' | 'dockerfile' | 'kubernetes' | 'compose';

/** Runs one hook of every enabled rule and collects what they report. */
export class ManifestRunner {
  readonly findings: AdapterFinding[] = [];
  private readonly rules: ManifestRule[];

  constructor(private readonly input: { path: string; text: string; options: RuleOptions; rules: readonly RuleDefinition[] }) {
    this.rules = implementationsOf<ManifestRuleImplementation>(input.rules, 'manifest');
  }

  run<H extends Hook>(hook: H, ...args: ManifestHookArgs<H>): void {
    for (const rule of this.rules) {
      const fn = rule[hook] as ((...a: unknown[]) => void) | undefined;
      if (!fn) continue;
      const context: ManifestContext = {
        path: this.input.path,
        text: this.input.text,
        options: this.input.options,
        report: (finding) => this.findings.push({ ruleId: rule.id, ...finding }),
      };
      const [model, ...rest] = args as unknown[];
      fn.call(rule, model, context, ...rest);
    }
  }
}

type ManifestHookArgs<H extends Hook> = H extends 'dependencies'
  ? [DependencyManifest]
  : H extends 'dockerfile'
    ? [DockerfileModel]
    : H extends 'kubernetes'
      ? [KubeWorkload, YamlModel]
      : [ComposeService, YamlModel];
