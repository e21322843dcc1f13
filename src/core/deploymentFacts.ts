/**
 * Per-file deployment facts: what one file says about what ships (deployment.md §1–§4). The parser
 * adapters fill them from the parse they already made; `buildDeploymentModel` joins them per project.
 * Plain data only (JSON-serialisable), so the CLI can copy facts and the editor can cache them.
 *
 * Lines are 1-based (they go into `via` strings such as `Dockerfile:12 uvicorn app.main:app`);
 * offsets are UTF-16 offsets into the file's text, like findings'.
 */

/** A command as the shell would run it: one array of words per simple command (`a && b` is two). */
export type CommandSegments = string[][];

export interface CommandFact {
  segments: CommandSegments;
  /** The command as written (for `via`), trimmed to one line. */
  text: string;
  line: number;
  start: number;
  end: number;
  /** Exec-form words (`["uvicorn", "app:app"]`, a YAML list), kept so later arguments can be appended. */
  exec?: string[];
}

export interface Span {
  start: number;
  end: number;
}

// ---- Dockerfile ---------------------------------------------------------------------------------

export interface DockerCopyFact {
  /** Source paths as written (relative to the build context, or to the `--from` stage's filesystem). */
  sources: string[];
  /** Absolute destination inside the image (relative ones already joined with the WORKDIR in force). */
  dest: string;
  /** The destination is a folder (ends with `/`, is `.`, or several sources are copied). */
  destDir: boolean;
  /** `COPY --from=<stage index>`; `fromImage` when it names an image rather than a stage. */
  fromStage?: number;
  fromImage?: string;
  line: number;
}

export type InstallTool = 'pip' | 'pip-wheel' | 'poetry' | 'uv-sync' | 'uv-pip' | 'pipenv' | 'npm-ci' | 'npm-install' | 'yarn' | 'pnpm';

export interface InstallFact {
  tool: InstallTool;
  /** `-r F` files (pip, uv pip), as written (container paths, relative to `cwd`). */
  requirements: string[];
  /** `-c F` constraints files. */
  constraints: string[];
  /** `pip install .` / `-e .` / `pip install ./pkg`: the project folders installed. */
  projects: string[];
  requireHashes: boolean;
  /** The working directory the command runs in (absolute container path). */
  cwd: string;
  line: number;
}

export interface DockerStageFact {
  index: number;
  /** `AS name`, lower-cased. */
  name?: string;
  image: string;
  /** The earlier stage this one builds `FROM`, by index. */
  parent?: number;
  /** Stages this one copies from (`COPY --from`), by index. */
  copiesFrom: number[];
  fromLine: number;
  fromStart: number;
  fromEnd: number;
  /** The effective ENTRYPOINT and CMD (inherited from parent stages), exec or shell form split into commands. */
  entrypoint?: CommandFact;
  cmd?: CommandFact;
  /** Whether this stage itself sets CMD or ENTRYPOINT. */
  ownCommand: boolean;
  /** The effective WORKDIR at the end of the stage (absolute; `/` when never set). */
  workdir: string;
  /** COPY/ADD steps of this stage and its parents, in build order. */
  copies: DockerCopyFact[];
  expose: number[];
  /** HEALTHCHECK: `none` for `HEALTHCHECK NONE`; inherited from parents. */
  healthcheck?: { none: boolean; url?: string; line: number };
  user?: string;
  installs: InstallFact[];
  /** The base is an AWS Lambda runtime image. */
  lambda: boolean;
  /** ENV values known at the end of the stage (literal values only), for `$VAR` in commands. */
  env: Record<string, string>;
}

export interface DockerfileDeploymentFacts {
  stages: DockerStageFact[];
}

// ---- Build and run references (Makefiles, shell scripts, justfiles, CI workflows, compose) ------

export interface DockerBuildFact {
  /** `-t NAME`, several allowed. */
  tags: string[];
  /** `--target X`, lower-cased. */
  target?: string;
  /** `-f FILE` as written, relative to the command's folder. */
  dockerfile?: string;
  /** The context argument as written. */
  context?: string;
  line: number;
}

export interface DockerRunFact {
  image: string;
  /** The command after the image, when one is given. */
  command?: string[];
  line: number;
}

export interface CloudRunFact {
  image?: string;
  /** `--source DIR` (Cloud Run builds the folder). */
  source?: string;
  line: number;
}

/** What a script-like file (Makefile, shell script, justfile, CI workflow, Cloud Build) runs. */
export interface ScriptFacts {
  /** Every command of the file in order (shell scripts: what they exec/run, for entrypoints). */
  commands: CommandFact[];
  builds: DockerBuildFact[];
  runs: DockerRunFact[];
  cloudRun: CloudRunFact[];
  /** `docker stack deploy` / `docker compose up` / `docker-compose up`: the project runs compose itself. */
  composeUp: boolean;
}

// ---- compose ------------------------------------------------------------------------------------

export interface HealthcheckFact {
  /** A URL path the check requests (`curl -f http://localhost:8000/health`), when literal. */
  path?: string;
  port?: number;
  disabled: boolean;
  start: number;
  end: number;
}

export interface ComposeServiceFact {
  name: string;
  line: number;
  start: number;
  end: number;
  build?: { context: string; dockerfile?: string; target?: string };
  image?: string;
  command?: CommandFact;
  entrypoint?: CommandFact;
  /** Container-side ports of `ports:` / `expose:`. */
  ports: number[];
  dependsOn: string[];
  healthcheck?: HealthcheckFact;
  gpu: boolean;
  /** Bind mounts `./src:/app/src`: host path (relative to the compose file) → container path. */
  mounts: Array<{ host: string; container: string }>;
}

// ---- Kubernetes and operators -------------------------------------------------------------------

export interface ProbeFact {
  kind: 'liveness' | 'readiness' | 'startup';
  path?: string;
  port?: number | string;
  pathSpan?: Span;
  portSpan?: Span;
}

export interface KubeContainerFact {
  workloadKind: string;
  workloadName?: string;
  name?: string;
  image?: string;
  command?: CommandFact;
  args?: CommandFact;
  ports: number[];
  probes: ProbeFact[];
  gpu: boolean;
  /** The operator injects probes and serves the model (Seldon, KServe model formats, KubeRay). */
  operatorManaged: boolean;
  /** KubeRay: a head or worker container of a RayService/RayCluster. */
  ray: boolean;
  /** KServe `model:` format (`sklearn`, `huggingface`...), when the container is one. */
  modelFormat?: string;
  longRunning: boolean;
  line: number;
  start: number;
  end: number;
}

export interface RayAppFact {
  importPath: string;
  /** `runtime_env.working_dir`, as written. */
  workingDir?: string;
  /** `runtime_env.pip` as a requirements file, or inline packages. */
  pipFile?: string;
  pipInline: boolean;
  line: number;
  gpu: boolean;
  /** The head container's image (RayService), which runs the application. */
  image?: string;
}

export interface KubernetesFacts {
  containers: KubeContainerFact[];
  /** RayService `serveConfigV2` applications. */
  rayApps: RayAppFact[];
}

// ---- Other artifacts ----------------------------------------------------------------------------

export interface ProcfileFacts {
  processes: Array<{ name: string; command: CommandFact }>;
}

export interface PackageJsonFacts {
  scripts: Record<string, { command: CommandFact }>;
  /** `main` field, when set. */
  main?: string;
}

export interface BentofileFacts {
  service?: string;
  line: number;
  requirementsTxt?: string;
  hasPackages: boolean;
  lockPackages?: boolean;
  gpu: boolean;
}

/** mlserver `model-settings.json`. */
export interface ModelSettingsFacts {
  implementation?: string;
}

// ---- Code ---------------------------------------------------------------------------------------

export type WebFramework = 'fastapi' | 'starlette' | 'flask' | 'aiohttp' | 'express' | 'fastify' | 'koa' | 'hono';

export interface AppFact extends Span {
  framework: WebFramework;
  /** The variable the app is bound to. */
  name?: string;
}

export interface RouteFact extends Span {
  path: string;
  /** The object the route is registered on (`app`, `router`, `bp`). */
  receiver?: string;
}

/** `app.include_router(router, prefix="/v1")`, `app.register_blueprint(bp, url_prefix=...)`, `app.use('/v1', router)`. */
export interface MountFact {
  /** The mounted object as written (`router`, `api.router`). */
  router: string;
  prefix: string;
}

export interface PortFact extends Span {
  port: number;
  /** `run`: `uvicorn.run(..., port=N)` / `app.run(port=N)` / `listen(N)`; `env`: the default of a PORT env read. */
  source: 'run' | 'env';
}

export interface PythonDeploymentFacts {
  apps: AppFact[];
  routes: RouteFact[];
  mounts: MountFact[];
  /** Router objects with a constructor prefix (`APIRouter(prefix="/v1")`, `Blueprint(..., url_prefix=...)`). */
  routerPrefixes: Record<string, string>;
  ports: PortFact[];
  /** Code GPU declarations and the class or function each covers. */
  gpus: Array<Span & { declaration: string }>;
  /** Imports a workflow orchestrator, or runs only as Modal functions: pipeline code. */
  pipeline?: string;
  mainBlock?: Span;
  loggingConfigured: boolean;
  /** Calls `launch()` on a Gradio app. */
  gradioLaunch: boolean;
}

export interface ScriptModuleFacts {
  /** Imports that may name project files: relative (`./x`), absolute (`/x`) and tsconfig-style aliases (`@/x`, `~/x`). */
  localImports: string[];
  directive?: 'use client' | 'use server';
  apps: AppFact[];
  routes: RouteFact[];
  mounts: MountFact[];
  ports: PortFact[];
}

export interface TsconfigFacts {
  /** `compilerOptions.baseUrl`, relative to the tsconfig's folder. */
  baseUrl?: string;
  /** `compilerOptions.paths` with a single `prefix/*` → `target/*` mapping each. */
  paths: Array<{ prefix: string; target: string }>;
}

/** Everything one file tells the deployment model; each field for the file kinds that have it. */
export interface DeploymentFileFacts {
  dockerfile?: DockerfileDeploymentFacts;
  script?: ScriptFacts;
  compose?: ComposeServiceFact[];
  kubernetes?: KubernetesFacts;
  procfile?: ProcfileFacts;
  packageJson?: PackageJsonFacts;
  bentofile?: BentofileFacts;
  /** A Ray Serve config file (`applications[].import_path`). */
  rayConfig?: RayAppFact[];
  modelSettings?: ModelSettingsFacts;
  python?: PythonDeploymentFacts;
  module?: ScriptModuleFacts;
  tsconfig?: TsconfigFacts;
}
