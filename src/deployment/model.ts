import * as path from 'path';
import type { Project } from '../core/project';
import { emptyResolution, execSegments, resolveCommand, serverOfImage, type CommandResolution, type KnownServer } from './commands';
import type {
  CommandFact,
  CommandSegments,
  ComposeServiceFact,
  DockerBuildFact,
  DockerStageFact,
  InstallFact,
  KubeContainerFact,
  RayAppFact,
} from './facts';
import { folderOf, join, ProjectFiles, trimSlashes } from './files';
import { Layout } from './layout';

const posix = path.posix;

/**
 * The deployment model of one project (deployment.md): which processes the project deploys, which
 * files they run, which manifests they install and what they declare. A pure function of the
 * per-file facts (`FileFacts.deployment`), computed once per project (`buildDeploymentModel` caches
 * it on the project object) and the same in the CLI, the editor and the language server.
 *
 * Every file argument is a path as `FileAnalysis.path` names it (or any path that resolves to the
 * same file); every path the model returns is project-relative (POSIX separators) unless it says so.
 */

export type TargetKind = 'dockerfile' | 'compose' | 'kubernetes' | 'procfile' | 'package-json' | 'bentofile' | 'ray-serve' | 'lambda';

/** Platforms that run a target; the last four ignore a Dockerfile HEALTHCHECK. */
export type Platform = 'docker' | 'heroku' | 'bentoml' | 'kubernetes' | 'kuberay' | 'cloud-run' | 'lambda';

export interface InstalledManifest {
  file: string;
  throughLockfile: boolean;
  /** How it is installed (`pip install -r`, `poetry install`, `bentofile requirements_txt`...). */
  how: string;
}

export interface DeploymentTarget {
  kind: TargetKind;
  /** The artifact, project-relative (`Dockerfile`, `k8s/deploy.yaml`). */
  artifact: string;
  /** The artifact as `FileAnalysis.path` names it. */
  artifactPath: string;
  /** The line of the instruction that sets the command (CMD, `command:`, the Procfile line). */
  line: number;
  /** Stage, service, container, process or script name. */
  name: string;
  /** The command as written, when one is known. */
  command?: string;
  /** `Dockerfile:12 uvicorn app.main:app`: the artifact, line and command (scope `via`). */
  via: string;
  /** Where the target sits in its artifact (a Dockerfile stage, a compose service, a container), as offsets. */
  span: { start: number; end: number };
  /** The Dockerfile that builds the image, and the stage index, when known. */
  dockerfile?: string;
  stage?: number;
  image?: string;
  /** Entry modules (project-relative), and those run as scripts (`__main__` in production). */
  entryModules: string[];
  scriptEntries: string[];
  /** Entry modules plus every project module they import, minus code that never ships. */
  deployedFiles: string[];
  installedManifests: InstalledManifest[];
  /** The port the process listens on (R2.6 precedence), and where that came from. */
  port?: number;
  portSource?: 'flag' | 'code' | 'env-default' | 'server-default' | 'model-server';
  /** EXPOSE / `ports:` / `containerPort` declared for it (checked against `port`, never preferred). */
  declaredPorts: number[];
  /** Literal routes the served app declares (prefixes applied); undefined when no app is known. */
  routes?: string[];
  healthRoute?: string;
  /** Web framework of the entry app (`fastapi`, `flask`, `express`...) or the known server. */
  framework?: string;
  modelServer?: string;
  server?: string;
  runsServer: boolean;
  /** The project runs it with Docker itself (compose, Swarm, `docker run`). */
  dockerRun: boolean;
  platforms: Platform[];
  /** A manifest declares a GPU for it (Kubernetes limits, compose device reservations, KubeRay `num-gpus`). */
  gpu: boolean;
  /** Deployed modules that declare a GPU in code (BentoML, Ray Serve, Modal decorators). */
  gpuInCode: string[];
  operatorManaged: boolean;
  /** Batch (Job, CronJob, run-once Pod) rather than long-running. */
  batch: boolean;
  /** Why parts of the command did not resolve. */
  notes: string[];
}

export type Scope = { kind: 'deployed'; via: string } | { kind: 'serving' };

export interface DeploymentModel {
  root: string;
  /** At least one entrypoint resolves to a `.py`/`.js`/`.ts` module of the project. */
  deployed: boolean;
  targets: DeploymentTarget[];
  /** For a project that is not deployed: why (what was found and what did not resolve). */
  reason?: string;
  /** Production code and why (deployment.md §2); undefined for code that is not. */
  scopeOf(file: string): Scope | undefined;
  /** Serving modules and the modules they import (also in a deployed project); undefined otherwise. */
  servingScopeOf(file: string): Scope | undefined;
  /** Not a test, under `scripts/`, a notebook, pipeline code or browser code. */
  isRunnable(file: string): boolean;
  /** An entry module run as a script: its `__main__` block is production code. */
  mainBlockIsProduction(file: string): boolean;
  /** A GPU is declared for this code: a code declaration covering `offset` (any in the file without one), or a manifest covering the file's deployment. */
  gpuDeclared(file: string, offset?: number): boolean;
  /** Whether a deployment installs this manifest, and through a lockfile. */
  manifest(file: string): { installed: boolean; throughLockfile: boolean };
  /** Target stage indexes of a Dockerfile (deployment.md §1, R2.6). */
  targetStages(dockerfile: string): number[];
  /** The target a manifest position belongs to (a container, a compose service, a Dockerfile stage). */
  workloadFor(manifestFile: string, offset: number): DeploymentTarget | undefined;
  /** The targets whose deployed code includes the file. */
  targetsOf(file: string): DeploymentTarget[];
}

const HEALTH_SEGMENTS = ['healthz', 'health', 'livez', 'readyz', 'ready', 'ping', 'health_check', 'status'];
const PYTHON_MANIFEST = /(^|\/)(requirements[^/]*\.(txt|in)|pyproject\.toml|Pipfile|bentofile\.ya?ml|environment[^/]*\.ya?ml)$/;
const LOCKFILE_OF: Record<string, string[]> = {
  'pyproject.toml': ['poetry.lock', 'uv.lock', 'pdm.lock'],
  Pipfile: ['Pipfile.lock'],
  'package.json': ['package-lock.json', 'pnpm-lock.yaml', 'npm-shrinkwrap.json'],
};

const cache = new WeakMap<Project, DeploymentModel>();

/** The deployment model of a project, computed once per project object. */
export function buildDeploymentModel(project: Project): DeploymentModel {
  let model = cache.get(project);
  if (!model) cache.set(project, (model = new ModelBuilder(project).build()));
  return model;
}

/** Test files, by path (deployment.md §2). */
export function isTestFile(rel: string): boolean {
  const base = posix.basename(rel);
  return (
    /(^|\/)(tests?|__tests__|e2e|testing)\//.test(rel) ||
    /^test_.*\.py$/.test(base) ||
    /_test\.py$/.test(base) ||
    base === 'conftest.py' ||
    /\.(test|spec|e2e)\.[cm]?[jt]sx?$/.test(base)
  );
}

const isCode = (rel: string) => /\.(pyw?|[cm]?[jt]sx?)$/.test(rel);

interface ImageRef {
  dockerfile: string;
  stage?: string;
  context: string;
}

class ModelBuilder {
  private readonly files: ProjectFiles;
  private readonly targets: DeploymentTarget[] = [];
  /** Dockerfile → build context(s) and named target stages. */
  private readonly contexts = new Map<string, string>();
  private readonly namedStages = new Map<string, Set<string>>();
  /** Image names (without tag) → the Dockerfile that builds them. */
  private readonly images = new Map<string, ImageRef>();
  private readonly builds: Array<DockerBuildFact & { folder: string }> = [];
  private readonly dockerfiles: string[] = [];
  private readonly importCache = new Map<string, string[]>();

  constructor(private readonly project: Project) {
    this.files = new ProjectFiles(project);
  }

  build(): DeploymentModel {
    this.collectReferences();
    // An entrypoint makes its own project deployed, no other (R2.5): targets come from the project's
    // own artifacts; paths they name resolve against every file under the root.
    const members = new Set(this.project.members.map((file) => this.files.rel(file.path)));
    for (const dockerfile of this.dockerfiles) if (members.has(dockerfile)) this.dockerfileTargets(dockerfile);
    for (const [rel] of this.files.byRel) {
      if (!members.has(rel)) continue;
      const facts = this.files.facts(rel);
      if (!facts) continue;
      for (const service of facts.compose ?? []) this.composeTarget(rel, service);
      for (const container of facts.kubernetes?.containers ?? []) this.kubernetesTarget(rel, container);
      for (const app of facts.kubernetes?.rayApps ?? []) this.rayTarget(rel, app, 'kuberay');
      for (const app of facts.rayConfig ?? []) this.rayTarget(rel, app, undefined);
      for (const process of facts.procfile?.processes ?? []) this.processTarget(rel, process.name, process.command);
      const start = facts.packageJson?.scripts.start;
      if (start) this.packageTarget(rel, start.command);
      if (facts.bentofile?.service) this.bentoTarget(rel);
    }
    this.applyPlatforms();
    for (const target of this.targets) this.finishTarget(target);
    return this.assemble();
  }

  // ---- references: which Dockerfile builds which image, with which context and targets ---------

  private collectReferences(): void {
    for (const [rel, file] of this.files.byRel) {
      if (file.kind === 'dockerfile' && file.facts?.deployment?.dockerfile) this.dockerfiles.push(rel);
    }
    for (const [rel] of this.files.byRel) {
      const facts = this.files.facts(rel);
      if (!facts) continue;
      const folder = this.commandFolder(rel);
      for (const build of facts.script?.builds ?? []) this.builds.push({ ...build, folder });
      for (const service of facts.compose ?? []) {
        if (!service.build) continue;
        const context = join(folderOf(rel), service.build.context);
        const dockerfile = join(context, service.build.dockerfile ?? 'Dockerfile');
        if (!this.dockerfiles.includes(dockerfile)) continue;
        this.contexts.set(dockerfile, context);
        if (service.build.target) this.nameStage(dockerfile, service.build.target);
        if (service.image) this.images.set(imageName(service.image), { dockerfile, stage: service.build.target, context });
      }
    }
    for (const build of this.builds) {
      const context = build.context && !build.context.includes('$') ? join(build.folder, build.context) : build.folder;
      const named =
        build.dockerfile && !build.dockerfile.includes('$') ? join(build.folder, build.dockerfile) : join(context, 'Dockerfile');
      const dockerfile = this.dockerfiles.includes(named)
        ? named
        : build.target
          ? this.dockerfiles.find((candidate) => this.stagesOf(candidate).some((stage) => stage.name === build.target))
          : this.dockerfiles.length === 1
            ? this.dockerfiles[0]
            : undefined;
      if (!dockerfile) continue;
      if (this.dockerfiles.includes(named) && this.files.isFolder(context)) this.contexts.set(dockerfile, context);
      if (build.target) this.nameStage(dockerfile, build.target);
      for (const tag of build.tags)
        if (tag)
          this.images.set(imageName(tag), {
            dockerfile,
            stage: build.target,
            context: this.contexts.get(dockerfile) ?? folderOf(dockerfile),
          });
    }
  }

  /** The folder a script's commands run in: CI workflows run at the repository root, others beside the file. */
  private commandFolder(rel: string): string {
    if (/(^|\/)\.github\/workflows\//.test(rel)) return folderOf(folderOf(folderOf(rel)));
    return folderOf(rel);
  }

  private nameStage(dockerfile: string, stage: string): void {
    let set = this.namedStages.get(dockerfile);
    if (!set) this.namedStages.set(dockerfile, (set = new Set()));
    set.add(stage.toLowerCase());
  }

  private stagesOf(dockerfile: string): DockerStageFact[] {
    return this.files.facts(dockerfile)?.dockerfile?.stages ?? [];
  }

  private contextOf(dockerfile: string): string {
    return this.contexts.get(dockerfile) ?? folderOf(dockerfile);
  }

  /** Target stages (deployment.md §1): the final stage, named targets; with none named, stages with their own command nobody builds on. */
  targetStageIndexes(dockerfile: string): number[] {
    const stages = this.stagesOf(dockerfile);
    if (!stages.length) return [];
    const result = new Set<number>([stages.length - 1]);
    const named = this.namedStages.get(dockerfile);
    if (named?.size) {
      for (const stage of stages) if (stage.name && named.has(stage.name)) result.add(stage.index);
    } else {
      const used = new Set<number>();
      for (const stage of stages) {
        if (stage.parent !== undefined) used.add(stage.parent);
        for (const index of stage.copiesFrom) used.add(index);
      }
      for (const stage of stages) if (stage.ownCommand && !used.has(stage.index)) result.add(stage.index);
    }
    return [...result].sort((a, b) => a - b);
  }

  // ---- targets --------------------------------------------------------------------------------

  private newTarget(
    kind: TargetKind,
    artifact: string,
    line: number,
    name: string,
    command: string | undefined,
    span: { start: number; end: number },
  ): DeploymentTarget {
    const target: DeploymentTarget = {
      kind,
      artifact,
      artifactPath: this.files.byRel.get(artifact)!.path,
      line,
      name,
      command,
      via: `${artifact}:${line}${command ? ` ${command}` : ''}`,
      span,
      entryModules: [],
      scriptEntries: [],
      deployedFiles: [],
      installedManifests: [],
      declaredPorts: [],
      runsServer: false,
      dockerRun: false,
      platforms: [],
      gpu: false,
      gpuInCode: [],
      operatorManaged: false,
      batch: false,
      notes: [],
    };
    this.targets.push(target);
    return target;
  }

  private resolutions = new Map<DeploymentTarget, CommandResolution>();

  private dockerfileTargets(dockerfile: string): void {
    const stages = this.stagesOf(dockerfile);
    for (const index of this.targetStageIndexes(dockerfile)) {
      const stage = stages[index];
      const command = imageCommand(stage);
      const next = stages[index + 1];
      const span = { start: stage.fromStart, end: next ? next.fromStart : Number.MAX_SAFE_INTEGER };
      const line = stage.cmd?.line ?? stage.entrypoint?.line ?? stage.fromLine;
      const target = this.newTarget(
        stage.lambda ? 'lambda' : 'dockerfile',
        dockerfile,
        line,
        stage.name ?? `stage ${index}`,
        command?.text,
        span,
      );
      target.dockerfile = dockerfile;
      target.stage = index;
      target.image = stage.image;
      target.declaredPorts = [...stage.expose];
      const layout = Layout.image(this.files, stages, stage, this.contextOf(dockerfile));
      const resolution = emptyResolution();
      this.addImageInstalls(target, dockerfile, stage, layout, resolution);
      if (stage.lambda) this.lambdaEntry(stage, layout, resolution);
      else if (command) resolveCommand(command.segments, { files: this.files, layout }, resolution);
      const server = serverOfImage(stage.image);
      if (server && !resolution.server) resolution.server = server;
      this.resolutions.set(target, resolution);
      if (stage.lambda) target.platforms.push('lambda');
    }
  }

  /** `CMD ["app.handler"]` on a Lambda base image: the handler's module under the task root. */
  private lambdaEntry(stage: DockerStageFact, layout: Layout, resolution: CommandResolution): void {
    const handler = stage.cmd?.exec?.[0] ?? stage.cmd?.segments[0]?.[0];
    if (!handler) return;
    const moduleName = handler.split('.').slice(0, -1).join('.');
    const root = stage.env.LAMBDA_TASK_ROOT ?? '/var/task';
    const file =
      layout.file(posix.join(root, `${moduleName.split('.').join('/')}.py`)) ?? this.files.pythonModule(moduleName, layout.fallbackFolder);
    if (file) resolution.entries.push({ file, asScript: false });
    else resolution.notes.push(`${handler}: no module ${moduleName} in the image`);
  }

  /** Installs of the stage and every stage it builds on or copies from (R2.5). */
  private addImageInstalls(
    target: DeploymentTarget,
    dockerfile: string,
    stage: DockerStageFact,
    layout: Layout,
    resolution: CommandResolution,
  ): void {
    const stages = this.stagesOf(dockerfile);
    const seen = new Set<number>();
    const visit = (current: DockerStageFact) => {
      if (seen.has(current.index)) return;
      seen.add(current.index);
      const stageLayout = current === stage ? layout : Layout.image(this.files, stages, current, this.contextOf(dockerfile));
      for (const install of current.installs) resolution.installs.push({ ...install, layout: stageLayout });
      if (current.parent !== undefined) visit(stages[current.parent]);
      for (const index of current.copiesFrom) visit(stages[index]);
    };
    visit(stage);
    void target;
  }

  /** The image a compose service or workload runs: its build, else the Dockerfile built under its name, else the only Dockerfile. */
  private imageFor(image: string | undefined, allowOnly: boolean): ImageRef | undefined {
    if (image) {
      const named = this.images.get(imageName(image)) ?? this.images.get(shortName(image));
      if (named) return named;
      for (const [name, ref] of this.images) if (shortName(name) === shortName(image)) return ref;
      if (this.images.size) return undefined;
      if (serverOfImage(image)) return undefined;
    }
    if (allowOnly && this.dockerfiles.length === 1)
      return { dockerfile: this.dockerfiles[0], context: this.contextOf(this.dockerfiles[0]) };
    return undefined;
  }

  private stageIndexOf(ref: ImageRef): number | undefined {
    const stages = this.stagesOf(ref.dockerfile);
    if (!stages.length) return undefined;
    if (ref.stage) {
      const found = stages.find((stage) => stage.name === ref.stage);
      if (found) return found.index;
    }
    return stages.length - 1;
  }

  private composeTarget(rel: string, service: ComposeServiceFact): void {
    const override = service.entrypoint ?? service.command;
    const target = this.newTarget('compose', rel, override?.line ?? service.line, service.name, override?.text, {
      start: service.start,
      end: service.end,
    });
    target.dockerRun = true;
    target.platforms.push('docker');
    target.declaredPorts = [...service.ports];
    target.gpu = service.gpu;
    target.image = service.image;
    const folder = folderOf(rel);
    const mounts = service.mounts.map((mount) => ({ host: join(folder, mount.host), container: mount.container }));
    let ref: ImageRef | undefined;
    if (service.build) {
      const context = join(folder, service.build.context);
      const dockerfile = join(context, service.build.dockerfile ?? 'Dockerfile');
      if (this.dockerfiles.includes(dockerfile)) ref = { dockerfile, stage: service.build.target, context };
    } else ref = this.imageFor(service.image, false);
    this.containerCommand(target, ref, service.entrypoint, service.command, mounts, folder, service.image);
  }

  private kubernetesTarget(rel: string, container: KubeContainerFact): void {
    const ray = container.ray;
    const command = container.command ?? container.args;
    const name = [container.workloadName, container.name].filter(Boolean).join('/') || container.workloadKind;
    const target = this.newTarget(
      'kubernetes',
      rel,
      command?.line ?? container.line,
      `${container.workloadKind} ${name}`,
      [container.command?.text, container.args?.text].filter(Boolean).join(' ') || undefined,
      { start: container.start, end: container.end },
    );
    target.platforms.push(ray ? 'kuberay' : 'kubernetes');
    target.declaredPorts = [...container.ports];
    target.gpu = container.gpu;
    target.operatorManaged = container.operatorManaged;
    target.batch = !container.longRunning;
    target.image = container.image;
    if (container.modelFormat) {
      const resolution = emptyResolution();
      resolution.server = { name: `KServe ${container.modelFormat}`, port: 8080, health: '/v2/health/ready', modelServer: true };
      this.resolutions.set(target, resolution);
      return;
    }
    if (!container.image) {
      this.resolutions.set(target, emptyResolution());
      return;
    }
    const ref = this.imageFor(container.image, true);
    this.containerCommand(target, ref, container.command, container.args, [], folderOf(rel), container.image);
  }

  /** A container's command: the override (entrypoint/command of compose, command/args of Kubernetes) on the image's own. */
  private containerCommand(
    target: DeploymentTarget,
    ref: ImageRef | undefined,
    entrypoint: CommandFact | undefined,
    command: CommandFact | undefined,
    mounts: Array<{ host: string; container: string }>,
    folder: string,
    image: string | undefined,
  ): void {
    const resolution = emptyResolution();
    let layout: Layout;
    let segments: CommandSegments | undefined;
    const stageIndex = ref ? this.stageIndexOf(ref) : undefined;
    const stage = ref && stageIndex !== undefined ? this.stagesOf(ref.dockerfile)[stageIndex] : undefined;
    if (ref && stage) {
      target.dockerfile = ref.dockerfile;
      target.stage = stage.index;
      layout = Layout.image(this.files, this.stagesOf(ref.dockerfile), stage, ref.context, mounts);
      this.addImageInstalls(target, ref.dockerfile, stage, layout, resolution);
      if (!target.declaredPorts.length) target.declaredPorts = [...stage.expose];
    } else {
      layout = mounts.length ? new Layout(this.files, '/', {}, folder, undefined, mounts) : Layout.project(this.files, folder);
    }
    // Kubernetes `command` and compose `entrypoint` replace ENTRYPOINT and drop CMD; `args` / `command` replace CMD.
    const first = entrypoint ?? stage?.entrypoint;
    const second = entrypoint ? command : (command ?? stage?.cmd);
    if (first || second) segments = combine(first, second);
    if (stage?.lambda && !entrypoint && !command) this.lambdaEntry(stage, layout, resolution);
    else if (segments) resolveCommand(segments, { files: this.files, layout }, resolution);
    const server = serverOfImage(image) ?? (stage ? serverOfImage(stage.image) : undefined);
    if (server && !resolution.server) resolution.server = server;
    if (stage?.lambda) target.platforms.push('lambda');
    this.resolutions.set(target, resolution);
  }

  private rayTarget(rel: string, app: RayAppFact, platform: Platform | undefined): void {
    const target = this.newTarget('ray-serve', rel, app.line, app.importPath, `serve run ${app.importPath}`, {
      start: 0,
      end: Number.MAX_SAFE_INTEGER,
    });
    if (platform) target.platforms.push(platform);
    target.gpu = app.gpu;
    target.operatorManaged = platform === 'kuberay';
    const folder = folderOf(rel);
    const ref = platform ? this.imageFor(app.image, true) : undefined;
    const stageIndex = ref ? this.stageIndexOf(ref) : undefined;
    const stage = ref && stageIndex !== undefined ? this.stagesOf(ref.dockerfile)[stageIndex] : undefined;
    let layout =
      stage && ref ? Layout.image(this.files, this.stagesOf(ref.dockerfile), stage, ref.context) : Layout.project(this.files, folder);
    if (app.workingDir && !/^[a-z]+:\/\//.test(app.workingDir))
      layout = stage ? layout.at(app.workingDir) : Layout.project(this.files, join(folder, app.workingDir));
    const resolution = resolveCommand([['serve', 'run', app.importPath]], { files: this.files, layout });
    if (!resolution.entries.length && !stage) {
      // Anyscale and KubeRay configs name import paths relative to the repository root.
      const fromRoot = resolveCommand([['serve', 'run', app.importPath]], { files: this.files, layout: Layout.project(this.files, '') });
      resolution.entries.push(...fromRoot.entries);
    }
    if (app.pipFile) {
      const file = layout.file(app.pipFile) ?? (this.files.has(join(folder, app.pipFile)) ? join(folder, app.pipFile) : undefined);
      if (file) target.installedManifests.push({ file, throughLockfile: false, how: 'Ray runtime_env pip' });
    }
    this.resolutions.set(target, resolution);
  }

  private processTarget(rel: string, name: string, command: CommandFact): void {
    const target = this.newTarget('procfile', rel, command.line, name, command.text, { start: command.start, end: command.end });
    target.platforms.push('heroku');
    const folder = folderOf(rel);
    this.resolutions.set(target, resolveCommand(command.segments, { files: this.files, layout: Layout.project(this.files, folder) }));
    // The platform's build installs the manifests beside the Procfile (buildpacks honour the lockfile).
    for (const name of ['requirements.txt', 'Pipfile', 'pyproject.toml', 'package.json']) {
      const file = join(folder, name);
      if (this.files.has(file))
        target.installedManifests.push({ file, throughLockfile: this.lockfileBeside(file) !== undefined, how: 'buildpack' });
    }
  }

  private packageTarget(rel: string, command: CommandFact): void {
    // A package whose start script only runs a development tool or another build is not a deployment on its own.
    const target = this.newTarget('package-json', rel, command.line, 'start', command.text, { start: command.start, end: command.end });
    const resolution = resolveCommand(command.segments, { files: this.files, layout: Layout.project(this.files, folderOf(rel)) });
    this.resolutions.set(target, resolution);
  }

  private bentoTarget(rel: string): void {
    const facts = this.files.facts(rel)!.bentofile!;
    const target = this.newTarget('bentofile', rel, facts.line, facts.service!, `bentoml serve ${facts.service}`, {
      start: 0,
      end: Number.MAX_SAFE_INTEGER,
    });
    target.platforms.push('bentoml');
    const folder = folderOf(rel);
    const resolution = resolveCommand([['bentoml', 'serve', facts.service!]], {
      files: this.files,
      layout: Layout.project(this.files, folder),
    });
    if (facts.requirementsTxt) {
      const file = join(folder, facts.requirementsTxt);
      if (this.files.has(file)) target.installedManifests.push({ file, throughLockfile: false, how: 'bentofile requirements_txt' });
    }
    if (facts.hasPackages) target.installedManifests.push({ file: rel, throughLockfile: false, how: 'bentofile packages' });
    this.resolutions.set(target, resolution);
  }

  // ---- platforms: where each Dockerfile target runs ------------------------------------------

  private applyPlatforms(): void {
    const imageTargets = this.targets.filter((target) => target.kind === 'dockerfile' || target.kind === 'lambda');
    const byImage = (dockerfile: string | undefined, stage: number | undefined) =>
      imageTargets.filter((target) => target.dockerfile === dockerfile && (stage === undefined || target.stage === stage));
    for (const target of this.targets) {
      if (target.kind === 'compose') for (const image of byImage(target.dockerfile, target.stage)) image.dockerRun = true;
      if (target.kind === 'kubernetes' || target.kind === 'ray-serve') {
        for (const image of byImage(target.dockerfile, target.stage)) for (const platform of target.platforms) addPlatform(image, platform);
      }
    }
    for (const [rel] of this.files.byRel) {
      const script = this.files.facts(rel)?.script;
      if (!script) continue;
      for (const run of script.runs) {
        const ref = this.imageFor(run.image, false);
        if (ref) for (const image of byImage(ref.dockerfile, ref.stage ? this.stageIndexOf(ref) : undefined)) image.dockerRun = true;
      }
      for (const deploy of script.cloudRun) {
        const ref =
          deploy.source !== undefined ? this.dockerfileIn(join(this.commandFolder(rel), deploy.source)) : this.imageFor(deploy.image, true);
        if (ref) for (const image of byImage(ref.dockerfile, undefined)) addPlatform(image, 'cloud-run');
      }
    }
    for (const target of imageTargets) if (target.dockerRun) addPlatform(target, 'docker');
  }

  private dockerfileIn(folder: string): ImageRef | undefined {
    const dockerfile = join(folder, 'Dockerfile');
    return this.dockerfiles.includes(dockerfile) ? { dockerfile, context: folder } : undefined;
  }

  // ---- per target: entries, deployed code, manifests, port, routes --------------------------

  private finishTarget(target: DeploymentTarget): void {
    const resolution = this.resolutions.get(target) ?? emptyResolution();
    target.notes = resolution.notes;
    target.entryModules = resolution.entries.map((entry) => entry.file).filter(isCode);
    target.scriptEntries = resolution.entries.filter((entry) => entry.asScript).map((entry) => entry.file);
    const roots = new Set<string>(['', ...resolution.roots]);
    for (const entry of target.entryModules) {
      roots.add(this.files.packageRoot(entry));
      roots.add(folderOf(entry));
    }
    // `pkg.mod` imported by name runs `pkg/__init__.py` first.
    const packages = resolution.entries.filter((entry) => entry.byModuleName).flatMap((entry) => this.packageInits(entry.file));
    target.deployedFiles = this.closure([...target.entryModules, ...packages], [...roots], target.entryModules);
    for (const install of resolution.installs) this.addInstall(target, install);
    if (resolution.nextApp !== undefined || target.entryModules.some((file) => /\.[cm]?[jt]sx?$/.test(file))) {
      for (const entry of target.entryModules) {
        const manifest = this.nearest(folderOf(entry), 'package.json');
        if (manifest && !target.installedManifests.some((item) => item.file === manifest))
          target.installedManifests.push({
            file: manifest,
            throughLockfile: this.lockfileBeside(manifest) !== undefined,
            how: 'package.json of a Node entry',
          });
      }
    }
    const server = resolution.server;
    target.server = server?.name;
    if (server?.modelServer) target.modelServer = server.name;
    this.portAndRoutes(target, resolution, server);
    target.gpuInCode = target.deployedFiles.filter((file) => (this.files.facts(file)?.python?.gpus.length ?? 0) > 0);
  }

  private addInstall(target: DeploymentTarget, install: InstallFact & { layout: Layout }): void {
    const add = (file: string | undefined, throughLockfile: boolean, how: string) => {
      if (!file) return;
      const existing = target.installedManifests.find((item) => item.file === file);
      if (existing) existing.throughLockfile ||= throughLockfile;
      else target.installedManifests.push({ file, throughLockfile, how });
    };
    const layout = install.layout.at(install.cwd);
    switch (install.tool) {
      case 'pip':
      case 'pip-wheel':
      case 'uv-pip': {
        const pinned = install.requireHashes || install.constraints.length > 0;
        const how = install.tool === 'uv-pip' ? 'uv pip install -r' : install.tool === 'pip-wheel' ? 'pip wheel -r' : 'pip install -r';
        for (const file of install.requirements) add(layout.file(file), pinned, how);
        for (const file of install.constraints) add(layout.file(file), false, 'pip -c constraints');
        for (const folder of install.projects) {
          const project = layout.folder(folder);
          if (project !== undefined)
            add(this.files.has(join(project, 'pyproject.toml')) ? join(project, 'pyproject.toml') : undefined, false, 'pip install .');
        }
        return;
      }
      case 'poetry':
      case 'uv-sync':
      case 'pipenv': {
        const manifest = install.tool === 'pipenv' ? 'Pipfile' : 'pyproject.toml';
        const lock = install.tool === 'poetry' ? 'poetry.lock' : install.tool === 'uv-sync' ? 'uv.lock' : 'Pipfile.lock';
        const file = layout.file(manifest);
        add(
          file,
          file !== undefined && this.files.has(join(folderOf(file), lock)),
          install.tool === 'uv-sync' ? 'uv sync' : `${install.tool} install`,
        );
        return;
      }
      case 'npm-ci':
      case 'npm-install':
      case 'yarn':
      case 'pnpm': {
        const file = layout.file('package.json');
        const lock = install.tool === 'npm-ci' ? 'package-lock.json' : install.tool === 'pnpm' ? 'pnpm-lock.yaml' : undefined;
        const through = file !== undefined && lock !== undefined && this.files.has(join(folderOf(file), lock));
        add(file, through, install.tool.replace('-', ' '));
        return;
      }
    }
  }

  private nearest(folder: string, name: string): string | undefined {
    for (let current = folder; ; current = folderOf(current)) {
      const candidate = join(current, name);
      if (this.files.has(candidate)) return candidate;
      if (!current) return undefined;
    }
  }

  private lockfileBeside(manifest: string): string | undefined {
    const names = LOCKFILE_OF[posix.basename(manifest)] ?? [];
    return names.map((name) => join(folderOf(manifest), name)).find((file) => this.files.has(file));
  }

  /** Entry modules plus their transitive project imports, minus what never ships (deployment.md §2). */
  private closure(start: string[], roots: string[], entries: string[]): string[] {
    const result = new Set<string>();
    const queue = [...start];
    while (queue.length) {
      const file = queue.shift()!;
      if (result.has(file)) continue;
      const isEntry = entries.includes(file);
      if (this.neverProduction(file, isEntry)) continue;
      result.add(file);
      for (const imported of this.importsOf(file, roots)) if (!result.has(imported)) queue.push(imported);
    }
    return [...result].sort();
  }

  neverProduction(rel: string, isEntry = false): boolean {
    if (isTestFile(rel) || rel.endsWith('.ipynb')) return true;
    if (!isEntry && /(^|\/)scripts\//.test(rel)) return true;
    const facts = this.files.facts(rel);
    if (facts?.python?.pipeline) return true;
    if (facts?.module?.directive === 'use client') return true;
    return false;
  }

  /** Project modules a module imports. */
  importsOf(file: string, roots: readonly string[]): string[] {
    const key = `${file}\0${roots.join('\0')}`;
    const cached = this.importCache.get(key);
    if (cached) return cached;
    const result: string[] = [];
    const facts = this.files.facts(file);
    const add = (rel: string | undefined) => {
      if (rel && rel !== file && !result.includes(rel)) result.push(rel);
    };
    // Python imports come from the facts every cross-file rule already reads (`moduleImports`).
    for (const entry of this.files.byRel.get(file)?.facts?.moduleImports ?? []) {
      if (entry.level > 0) {
        let base = folderOf(file);
        for (let i = 1; i < entry.level; i++) base = folderOf(base);
        const target = entry.module ? join(base, entry.module.split('.').join('/')) : base;
        add(this.pythonFile(target));
        for (const name of entry.names) add(this.pythonFile(join(target, name)));
        continue;
      }
      for (const root of roots) {
        const found = this.files.pythonModule(entry.module, root);
        const parts = entry.module.split('.');
        // Importing `a.b.c` runs `a/__init__.py` and `a/b/__init__.py` too.
        for (let i = 1; i < parts.length; i++) add(this.files.pythonModule(parts.slice(0, i).join('.'), root));
        for (const name of entry.names) add(this.files.pythonModule(`${entry.module}.${name}`, root));
        if (found) {
          add(found);
          break;
        }
      }
    }
    for (const source of facts?.module?.localImports ?? []) add(this.scriptImport(file, source));
    this.importCache.set(key, result);
    return result;
  }

  /** The `__init__.py` of every package a module sits in, innermost first. */
  private packageInits(file: string): string[] {
    const inits: string[] = [];
    for (let folder = folderOf(file); folder; folder = folderOf(folder)) {
      const init = join(folder, '__init__.py');
      if (!this.files.has(init)) break;
      if (init !== file) inits.push(init);
    }
    return inits;
  }

  private pythonFile(base: string): string | undefined {
    if (this.files.has(`${base}.py`)) return `${base}.py`;
    if (this.files.has(`${base}/__init__.py`)) return `${base}/__init__.py`;
    return undefined;
  }

  private scriptImport(file: string, source: string): string | undefined {
    if (source.startsWith('.')) return this.files.scriptFile(join(folderOf(file), source));
    if (source.startsWith('/')) return undefined;
    for (let folder = folderOf(file); ; folder = folderOf(folder)) {
      for (const name of ['tsconfig.json', 'jsconfig.json']) {
        const config = this.files.facts(join(folder, name))?.tsconfig;
        if (!config) continue;
        for (const alias of config.paths) {
          if (!source.startsWith(alias.prefix)) continue;
          const base = join(folder, config.baseUrl ?? '.', alias.target, source.slice(alias.prefix.length));
          const found = this.files.scriptFile(base);
          if (found) return found;
        }
        if (config.baseUrl) {
          const found = this.files.scriptFile(join(folder, config.baseUrl, source));
          if (found) return found;
        }
        return undefined;
      }
      if (!folder) return undefined;
    }
  }

  private portAndRoutes(target: DeploymentTarget, resolution: CommandResolution, server: KnownServer | undefined): void {
    const entryFacts = target.entryModules.map((file) => this.files.facts(file));
    const python = entryFacts.flatMap((facts) => (facts?.python ? [facts.python] : []));
    const scripts = entryFacts.flatMap((facts) => (facts?.module ? [facts.module] : []));
    const apps = [...python.flatMap((facts) => facts.apps), ...scripts.flatMap((facts) => facts.apps)];
    const codePort = [...python.flatMap((facts) => facts.ports), ...scripts.flatMap((facts) => facts.ports)];
    target.framework = apps[0]?.framework ?? (server && !server.modelServer && server.name !== 'node' ? server.name : undefined);
    const gradio = python.some((facts) => facts.gradioLaunch);
    target.runsServer =
      apps.length > 0 ||
      gradio ||
      (server !== undefined && server.name !== 'node') ||
      (server?.name === 'node' && scripts.some((facts) => facts.ports.length > 0 || facts.apps.length > 0)) ||
      resolution.nextApp !== undefined;
    if (target.operatorManaged && target.platforms.includes('kuberay')) target.runsServer = true;
    // Port (R2.6): the server's flag, else run(port=), else a PORT env default, else the server's default.
    const run = codePort.find((port) => port.source === 'run');
    const env = codePort.find((port) => port.source === 'env');
    if (resolution.portFlag !== undefined) [target.port, target.portSource] = [resolution.portFlag, 'flag'];
    else if (resolution.portFromEnvironment) target.port = undefined;
    else if (run && (!server || server.name === 'node' || resolution.server === undefined || target.scriptEntries.length))
      [target.port, target.portSource] = [run.port, 'code'];
    else if (env && (!server || server.name === 'node' || target.scriptEntries.length))
      [target.port, target.portSource] = [env.port, 'env-default'];
    else if (server?.port !== undefined)
      [target.port, target.portSource] = [server.port, server.modelServer ? 'model-server' : 'server-default'];
    else if (gradio) [target.port, target.portSource] = [7860, 'server-default'];
    else if (apps.length && target.scriptEntries.length) {
      const framework = apps[0].framework;
      const port =
        framework === 'flask'
          ? 5000
          : framework === 'aiohttp'
            ? 8080
            : framework === 'fastapi' || framework === 'starlette'
              ? 8000
              : undefined;
      if (port) [target.port, target.portSource] = [port, 'server-default'];
    }
    if (target.platforms.includes('kuberay') && target.port === undefined) [target.port, target.portSource] = [8000, 'server-default'];
    const routes = this.routesOf(target);
    if (routes) target.routes = routes;
    target.healthRoute = healthRouteOf(routes ?? []) ?? server?.health ?? (target.platforms.includes('kuberay') ? '/-/healthz' : undefined);
  }

  /** Literal routes of the deployed code's apps and routers, with mount and router prefixes applied. */
  private routesOf(target: DeploymentTarget): string[] | undefined {
    const mounts = new Map<string, string>();
    let known = false;
    for (const file of target.deployedFiles) {
      const facts = this.files.facts(file);
      for (const mount of [...(facts?.python?.mounts ?? []), ...(facts?.module?.mounts ?? [])]) {
        const name = mount.router.split('.').pop()!;
        if (!mounts.has(name)) mounts.set(name, mount.prefix);
      }
      if (facts?.python?.apps.length || facts?.module?.apps.length) known = true;
    }
    if (!known) return undefined;
    const routes: string[] = [];
    for (const file of target.deployedFiles) {
      const facts = this.files.facts(file);
      const prefixes = facts?.python?.routerPrefixes ?? {};
      for (const route of [...(facts?.python?.routes ?? []), ...(facts?.module?.routes ?? [])]) {
        const receiver = route.receiver?.split('.').pop();
        const prefix = (receiver ? (mounts.get(receiver) ?? '') : '') + (receiver ? (prefixes[receiver] ?? '') : '');
        const full = `${prefix}${route.path}`.replace(/\/{2,}/g, '/');
        if (!routes.includes(full)) routes.push(full);
      }
    }
    return routes;
  }

  // ---- the model ------------------------------------------------------------------------------

  private assemble(): DeploymentModel {
    const files = this.files;
    const targets = this.targets;
    const deployed = targets.some((target) => target.entryModules.length > 0);
    const deployedVia = new Map<string, string>();
    const targetsByFile = new Map<string, DeploymentTarget[]>();
    for (const target of targets) {
      for (const file of target.deployedFiles) {
        if (!deployedVia.has(file)) deployedVia.set(file, target.via);
        let list = targetsByFile.get(file);
        if (!list) targetsByFile.set(file, (list = []));
        list.push(target);
      }
    }
    const scriptEntries = new Set(targets.flatMap((target) => target.scriptEntries));
    const browser = this.browserCode();
    const never = (rel: string) => this.neverProduction(rel) || browser.has(rel);
    // Serving modules and what they import, in every project: production code of an undeployed
    // project, and serving code a deployed project ships outside its declared entrypoints.
    const serving = new Set<string>();
    const servingModules = [...files.byRel].filter(([rel, file]) => file.facts?.servingModule && !never(rel)).map(([rel]) => rel);
    for (const rel of this.closureIgnoringEntries(servingModules)) if (!never(rel)) serving.add(rel);
    const installed = new Map<string, { installed: boolean; throughLockfile: boolean }>();
    for (const target of targets) {
      for (const manifest of target.installedManifests) {
        const existing = installed.get(manifest.file);
        // A manifest installed both with and without its lockfile somewhere is unpinned where it is not.
        installed.set(manifest.file, { installed: true, throughLockfile: (existing?.throughLockfile ?? true) && manifest.throughLockfile });
      }
    }
    if (!deployed) {
      for (const rel of files.byRel.keys()) {
        if (rel.includes('/') || !(PYTHON_MANIFEST.test(rel) || rel === 'package.json')) continue;
        installed.set(rel, { installed: true, throughLockfile: this.lockfileBeside(rel) !== undefined });
      }
    }
    const gpuTargets = targets.filter((target) => target.gpu);
    const reason = deployed ? undefined : this.undeployedReason();
    const rel = (file: string) => files.rel(file);
    const targetStages = (dockerfile: string) => this.targetStageIndexes(dockerfile);
    return {
      root: this.project.root,
      deployed,
      targets,
      reason,
      scopeOf(file) {
        const key = rel(file);
        if (key === undefined) return undefined;
        if (deployed) {
          const via = deployedVia.get(key);
          return via ? { kind: 'deployed', via } : undefined;
        }
        return serving.has(key) ? { kind: 'serving' } : undefined;
      },
      servingScopeOf(file) {
        const key = rel(file);
        return key !== undefined && serving.has(key) ? { kind: 'serving' } : undefined;
      },
      isRunnable(file) {
        const key = rel(file);
        return key !== undefined && isCode(key) && !never(key);
      },
      mainBlockIsProduction(file) {
        const key = rel(file);
        return key !== undefined && scriptEntries.has(key);
      },
      gpuDeclared(file, offset) {
        const key = rel(file);
        if (key === undefined) return false;
        const gpus = files.facts(key)?.python?.gpus ?? [];
        if (gpus.some((gpu) => offset === undefined || (gpu.start <= offset && offset < gpu.end))) return true;
        return gpuTargets.some((target) => target.deployedFiles.includes(key));
      },
      manifest(file) {
        const key = rel(file);
        return (key !== undefined && installed.get(key)) || { installed: false, throughLockfile: false };
      },
      targetStages(dockerfile) {
        const key = rel(dockerfile);
        return key === undefined ? [] : targetStages(key);
      },
      workloadFor(manifestFile, offset) {
        const key = rel(manifestFile);
        return targets.find((target) => target.artifact === key && target.span.start <= offset && offset < target.span.end);
      },
      targetsOf(file) {
        const key = rel(file);
        return (key !== undefined && targetsByFile.get(key)) || [];
      },
    };
  }

  private closureIgnoringEntries(modules: string[]): string[] {
    const result = new Set<string>();
    const queue = [...modules];
    while (queue.length) {
      const file = queue.shift()!;
      if (result.has(file) || this.neverProduction(file)) continue;
      result.add(file);
      const roots = ['', this.files.packageRoot(file), folderOf(file)];
      for (const imported of this.importsOf(file, roots)) queue.push(imported);
    }
    return [...result];
  }

  /** `"use client"` modules and the modules only they import (deployment.md §2). */
  private browserCode(): Set<string> {
    const browser = new Set<string>();
    const importers = new Map<string, string[]>();
    for (const [rel, file] of this.files.byRel) {
      const facts = file.facts?.deployment?.module;
      if (!facts) continue;
      if (facts.directive === 'use client') browser.add(rel);
      for (const imported of this.importsOf(rel, [])) {
        let list = importers.get(imported);
        if (!list) importers.set(imported, (list = []));
        list.push(rel);
      }
    }
    for (let changed = true; changed;) {
      changed = false;
      for (const [rel, list] of importers) {
        if (browser.has(rel) || this.files.facts(rel)?.module?.directive === 'use server') continue;
        if (list.length && list.every((importer) => browser.has(importer))) {
          browser.add(rel);
          changed = true;
        }
      }
    }
    return browser;
  }

  private undeployedReason(): string {
    const found = this.targets.map((target) => {
      const what = target.modelServer
        ? `runs ${target.modelServer}`
        : (target.notes[0] ?? (target.command ? `runs \`${target.command}\`` : 'no command'));
      return `${target.via.split(' ')[0]} (${what})`;
    });
    const base = 'no Dockerfile/compose/Kubernetes/Procfile/package.json/bentofile/Ray Serve entrypoint resolves to a file of the project';
    return found.length
      ? `${base}; found ${found.slice(0, 6).join(', ')}${found.length > 6 ? `, and ${found.length - 6} more` : ''}`
      : `${base}; it has no deployment artifact`;
  }
}

/** The image's own command: exec ENTRYPOINT + CMD, or a shell-form ENTRYPOINT alone, or CMD. */
function imageCommand(stage: DockerStageFact): CommandFact | undefined {
  if (!stage.entrypoint && !stage.cmd) return undefined;
  const segments = combine(stage.entrypoint, stage.cmd);
  const text = [stage.entrypoint?.text, stage.entrypoint?.exec || !stage.entrypoint ? stage.cmd?.text : undefined]
    .filter(Boolean)
    .join(' ');
  const anchor = stage.cmd ?? stage.entrypoint!;
  return { ...anchor, segments, text };
}

function combine(entrypoint: CommandFact | undefined, cmd: CommandFact | undefined): CommandSegments {
  if (!entrypoint) return cmd?.segments ?? [];
  if (!entrypoint.exec) return entrypoint.segments;
  const args = cmd ? (cmd.exec ?? ['/bin/sh', '-c', cmd.text]) : [];
  return execSegments([...entrypoint.exec, ...args]);
}

function addPlatform(target: DeploymentTarget, platform: Platform): void {
  if (!target.platforms.includes(platform)) target.platforms.push(platform);
}

/** `registry.io/team/app:1.2@sha256:..` → `registry.io/team/app`. */
function imageName(image: string): string {
  return image
    .replace(/@.*$/, '')
    .replace(/:[^/:]*$/, '')
    .toLowerCase();
}

/** The last path part of an image name: `registry.io/team/app:1` → `app`. */
function shortName(image: string): string {
  return imageName(image).split('/').pop() ?? '';
}

/** The first health route (deployment.md §4, R2.6: matched on the last path segment, any casing). */
export function healthRouteOf(routes: readonly string[]): string | undefined {
  for (const segment of HEALTH_SEGMENTS) {
    const found = routes.find((route) => trimSlashes(route).split('/').pop()?.toLowerCase() === segment);
    if (found) return found;
  }
  return undefined;
}
