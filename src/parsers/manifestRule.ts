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

/**
 * What the project's deployment model (deployment.md) says about this one file. Nothing supplies it
 * yet: `ManifestContext.deployment` is undefined until the engine wires the model in, and every rule
 * then falls back to what the file alone shows (each member documents its fallback). A member left
 * undefined means "not known", never "no".
 */
export interface ManifestDeployment {
  /**
   * Dockerfile: indexes (into `DockerfileModel.stages`) of the target stages, including those a
   * compose `build.target` or `docker build --target` names. Fallback: the final stage and every
   * stage with its own CMD/ENTRYPOINT that no other stage builds or copies from.
   */
  readonly targetStages?: readonly number[];
  /**
   * Dependency manifest: whether a deployment installs it and whether that install goes through a
   * lockfile (deployment.md §3). Fallback: the project counts as not deployed, so the manifest is
   * installed and a lockfile beside it pins it (R2.6 "Lockfiles").
   */
  readonly manifest?: { readonly installed: boolean; readonly throughLockfile: boolean };
  /**
   * The deployed workload at a position of this file: the `FROM` of a Dockerfile stage, a compose
   * service key, a Kubernetes container's anchor (`KubeContainer.anchorStart`). Fallback: none known.
   */
  workloadAt?(offset: number): ManifestWorkload | undefined;
}

/** What a deployment declares for one workload (deployment.md §4); see `ManifestDeployment.workloadAt`. */
export interface ManifestWorkload {
  /** The health route the served app declares (`/healthz`), or the known model server's. */
  readonly healthRoute?: string;
  /** The port the process listens on (R2.6 precedence). */
  readonly port?: number;
  /** The interpreter the image has for a probe (`python -c` with urllib, `node -e` with fetch). */
  readonly runtime?: 'python' | 'node';
  /** A known model server runs here (`vllm`, `tgi`, `triton`, `ollama`, `torchserve`, `mlserver`). */
  readonly modelServer?: string;
  /** A manifest or the deployed code declares a GPU for it. */
  readonly gpu?: boolean;
  /** Its command runs a server (R2.5 "Runs a server"). */
  readonly runsServer?: boolean;
  /** The project runs it with Docker itself (compose, a Swarm stack, `docker run` in a script). */
  readonly dockerRun?: boolean;
  /** Other platforms that run it (`kubernetes`, `kuberay`, `cloud-run`, `lambda`): they ignore HEALTHCHECK. */
  readonly platforms?: readonly string[];
}

export interface ManifestContext {
  readonly path: string;
  readonly text: string;
  readonly options: RuleOptions;
  /** The deployment model's view of this file; undefined until the engine supplies one. */
  readonly deployment?: ManifestDeployment;
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

  constructor(
    private readonly input: {
      path: string;
      text: string;
      options: RuleOptions;
      rules: readonly RuleDefinition[];
      /** The deployment model's view of the file, when the caller has one. */
      deployment?: ManifestDeployment;
    },
  ) {
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
        deployment: this.input.deployment,
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
