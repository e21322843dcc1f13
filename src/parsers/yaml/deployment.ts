import { isMap, isScalar, isSeq, parse as parseYamlText } from 'yaml';
import { LineIndex } from '../../core/text';
import type {
  BentofileFacts,
  CommandFact,
  ComposeServiceFact,
  DeploymentFileFacts,
  HealthcheckFact,
  KubeContainerFact,
  ProbeFact,
  RayAppFact,
} from '../../deployment/facts';
import { execCommand, shellCommand } from '../../deployment/shell';
import { urlIn } from '../dockerfile/deployment';
import { scriptFacts, shellScriptCommands } from '../shell/scripts';
import {
  commandEntries,
  get,
  getIn,
  getNode,
  pairOf,
  resolve,
  stringAt,
  type Node,
  type Scalar,
  type YAMLMap,
  type YamlModel,
} from './model';

/**
 * What a YAML file deploys (deployment.md §1, §4): compose services, Kubernetes and operator
 * containers (KServe, Seldon, KubeRay incl. a RayService's `serveConfigV2`), bentofile.yaml, Ray Serve
 * configs, and the commands of CI workflows and Cloud Build files. From the parse the adapter made.
 */
export function yamlDeployment(model: YamlModel, filePath: string, text: string): DeploymentFileFacts | undefined {
  const lines = new LineIndex(text);
  const lineOf = (offset: number) => lines.position(offset).line + 1;
  const facts: DeploymentFileFacts = {};
  if (model.kind === 'compose' && model.compose) facts.compose = model.compose.services.map((service) => composeService(service, lineOf));
  if (model.kind === 'kubernetes') {
    const containers: KubeContainerFact[] = [];
    const rayApps: RayAppFact[] = [];
    for (const workload of model.workloads) {
      const operator = operatorManaged(workload.kind, workload.apiVersion);
      if (workload.kind === 'RayService' || workload.kind === 'RayCluster') {
        collectRay(workload.root, workload.kind, workload.name, lineOf, containers, rayApps);
        continue;
      }
      for (const container of workload.containers) {
        const modelFormat = workload.kind === 'InferenceService' && !pairOf(container.map, 'image') ? container.name : undefined;
        containers.push(
          kubeContainer(container.map, workload.kind, workload.name, container.name, container.longRunning, lineOf, {
            operatorManaged: operator || modelFormat !== undefined,
            modelFormat: modelFormat === 'model' ? (stringAt(container.map, ['modelFormat', 'name']) ?? 'model') : modelFormat,
          }),
        );
      }
    }
    // Seldon v2 `Model` has no containers: the operator runs it.
    for (const document of model.documents) {
      const root = document.contents;
      if (
        isMap(root) &&
        get(root, 'kind') === 'Model' &&
        String(get(root, 'apiVersion') ?? '').startsWith('mlops.seldon.io/') &&
        root.range
      ) {
        containers.push({
          workloadKind: 'Model',
          workloadName: stringAt(root, ['metadata', 'name']),
          ports: [],
          probes: [],
          gpu: false,
          operatorManaged: true,
          ray: false,
          longRunning: true,
          line: lineOf(root.range[0]),
          start: root.range[0],
          end: root.range[1],
        });
      }
    }
    if (containers.length || rayApps.length) facts.kubernetes = { containers, rayApps };
  }
  if (model.kind === 'bentofile' && model.bentofile) facts.bentofile = bentofile(model.bentofile, lineOf);
  if (model.kind === 'other') {
    for (const document of model.documents) {
      const root = document.contents;
      if (!isMap(root)) continue;
      const apps = rayConfigApps(root, lineOf);
      if (apps.length) (facts.rayConfig ??= []).push(...apps);
    }
    const normalized = filePath.replace(/\\/g, '/');
    const commands = /(^|\/)\.github\/workflows\/[^/]+$/.test(normalized)
      ? workflowCommands(model, text)
      : /(^|\/)\.gitlab-ci\.ya?ml$/.test(normalized)
        ? gitlabCommands(model, text)
        : /(^|\/)cloudbuild[\w.-]*\.ya?ml$/.test(normalized)
          ? cloudBuildCommands(model, lineOf)
          : undefined;
    if (commands) facts.script = scriptFacts(commands);
  }
  return Object.keys(facts).length ? facts : undefined;
}

function operatorManaged(kind: string, apiVersion: string): boolean {
  return (
    (kind === 'SeldonDeployment' && apiVersion.startsWith('machinelearning.seldon.io/')) || kind === 'RayService' || kind === 'RayCluster'
  );
}

function scalarString(node: Node | undefined): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

function commandAt(map: YAMLMap, key: string, lineOf: (offset: number) => number): CommandFact | undefined {
  const entry = commandEntries(map, [key])[0];
  if (!entry) return undefined;
  const value = getNode(map, key);
  return isSeq(value)
    ? execCommand(entry.words, lineOf(entry.start), entry.start, entry.end)
    : shellCommand(entry.words.join(' '), lineOf(entry.start), entry.start, entry.end);
}

function composeService(service: { name: string; key: Scalar; map: YAMLMap }, lineOf: (offset: number) => number): ComposeServiceFact {
  const map = service.map;
  const start = service.key.range?.[0] ?? 0;
  const fact: ComposeServiceFact = {
    name: service.name,
    line: lineOf(start),
    start,
    end: map.range?.[1] ?? start,
    ports: [],
    dependsOn: [],
    gpu: false,
    mounts: [],
  };
  const build = getNode(map, 'build');
  if (isScalar(build) && typeof build.value === 'string') fact.build = { context: build.value };
  else if (isMap(build)) {
    fact.build = {
      context: stringAt(build, ['context']) ?? '.',
      dockerfile: stringAt(build, ['dockerfile']),
      target: stringAt(build, ['target'])?.toLowerCase(),
    };
  }
  fact.image = stringAt(map, ['image']);
  fact.command = commandAt(map, 'command', lineOf);
  fact.entrypoint = commandAt(map, 'entrypoint', lineOf);
  for (const key of ['ports', 'expose']) {
    const ports = getNode(map, key);
    if (!isSeq(ports)) continue;
    for (const raw of ports.items) {
      const item = resolve(raw);
      const value = isMap(item) ? scalarString(getNode(item, 'target')) : scalarString(item);
      const port = containerPort(value);
      if (port) fact.ports.push(port);
    }
  }
  const dependsOn = getNode(map, 'depends_on');
  if (isSeq(dependsOn))
    for (const item of dependsOn.items) fact.dependsOn.push(...(scalarString(resolve(item)) ? [scalarString(resolve(item))!] : []));
  else if (isMap(dependsOn)) for (const pair of dependsOn.items) if (isScalar(pair.key)) fact.dependsOn.push(String(pair.key.value));
  const healthcheck = getNode(map, 'healthcheck');
  if (isMap(healthcheck)) fact.healthcheck = composeHealthcheck(healthcheck);
  const devices = getIn(map, ['deploy', 'resources', 'reservations', 'devices']);
  if (isSeq(devices)) {
    for (const raw of devices.items) {
      const device = resolve(raw);
      const capabilities = isMap(device) ? getNode(device, 'capabilities') : undefined;
      if (isSeq(capabilities) && capabilities.items.some((capability) => scalarString(resolve(capability)) === 'gpu')) fact.gpu = true;
      if (isMap(device) && /nvidia/i.test(stringAt(device, ['driver']) ?? '')) fact.gpu = true;
    }
  }
  if (get(map, 'runtime') === 'nvidia' || getNode(map, 'gpus') !== undefined) fact.gpu = true;
  const volumes = getNode(map, 'volumes');
  if (isSeq(volumes)) {
    for (const raw of volumes.items) {
      const value = scalarString(resolve(raw));
      const match = value ? /^(\.{1,2}(?:\/[^:]*)?|\/[^:]*):(\/[^:]*)(?::\w+)?$/.exec(value) : undefined;
      if (match) fact.mounts.push({ host: match[1], container: match[2] });
    }
  }
  return fact;
}

function composeHealthcheck(map: YAMLMap): HealthcheckFact {
  const test = getNode(map, 'test');
  const start = map.range?.[0] ?? 0;
  const end = map.range?.[1] ?? start;
  const words = isSeq(test) ? test.items.map((item) => scalarString(resolve(item)) ?? '') : [scalarString(test) ?? ''];
  const disabled = get(map, 'disable') === true || words[0] === 'NONE';
  const url = urlIn(words.join(' '));
  const parsed = url ? parseUrl(url) : undefined;
  const testStart = test?.range?.[0] ?? start;
  return { disabled, path: parsed?.path, port: parsed?.port, start: testStart, end: test?.range?.[1] ?? end };
}

function parseUrl(url: string): { path: string; port?: number } | undefined {
  const match = /^https?:\/\/[^/:]+(?::(\d+))?(\/[^?#]*)?/.exec(url);
  if (!match) return undefined;
  return { path: match[2] ?? '/', port: match[1] ? Number(match[1]) : undefined };
}

function hasGpu(container: YAMLMap): boolean {
  for (const section of ['limits', 'requests']) {
    const resources = getIn(container, ['resources', section]);
    if (!isMap(resources)) continue;
    for (const pair of resources.items) {
      if (!isScalar(pair.key) || !/(^|\/)gpu$/.test(String(pair.key.value))) continue;
      const value = scalarString(resolve(pair.value));
      if (value !== undefined && value !== '0') return true;
    }
  }
  return false;
}

function kubeContainer(
  map: YAMLMap,
  workloadKind: string,
  workloadName: string | undefined,
  name: string | undefined,
  longRunning: boolean,
  lineOf: (offset: number) => number,
  extra: { operatorManaged: boolean; modelFormat?: string; ray?: boolean },
): KubeContainerFact {
  const start = map.range?.[0] ?? 0;
  const fact: KubeContainerFact = {
    workloadKind,
    workloadName,
    name,
    image: stringAt(map, ['image']),
    command: commandAt(map, 'command', lineOf),
    args: commandAt(map, 'args', lineOf),
    ports: [],
    probes: [],
    gpu: hasGpu(map),
    operatorManaged: extra.operatorManaged,
    ray: extra.ray ?? false,
    modelFormat: extra.modelFormat,
    longRunning,
    line: lineOf(start),
    start,
    end: map.range?.[1] ?? start,
  };
  const ports = getNode(map, 'ports');
  if (isSeq(ports)) {
    for (const raw of ports.items) {
      const item = resolve(raw);
      const port = isMap(item) ? Number(get(item, 'containerPort')) : NaN;
      if (port) fact.ports.push(port);
    }
  }
  for (const [key, kind] of [
    ['livenessProbe', 'liveness'],
    ['readinessProbe', 'readiness'],
    ['startupProbe', 'startup'],
  ] as const) {
    const probe = getNode(map, key);
    if (!isMap(probe)) continue;
    const httpGet = getNode(probe, 'httpGet');
    const fact2: ProbeFact = { kind };
    if (isMap(httpGet)) {
      const path = getNode(httpGet, 'path');
      const port = getNode(httpGet, 'port');
      if (isScalar(path) && path.range) {
        fact2.path = String(path.value);
        fact2.pathSpan = { start: path.range[0], end: path.range[1] };
      }
      if (isScalar(port) && port.range) {
        fact2.port = typeof port.value === 'number' ? port.value : String(port.value);
        fact2.portSpan = { start: port.range[0], end: port.range[1] };
      }
    }
    fact.probes.push(fact2);
  }
  return fact;
}

/** KubeRay head and worker containers, and a RayService's Serve applications. */
function collectRay(
  root: YAMLMap,
  kind: string,
  name: string | undefined,
  lineOf: (offset: number) => number,
  containers: KubeContainerFact[],
  rayApps: RayAppFact[],
): void {
  const cluster = kind === 'RayService' ? getIn(root, ['spec', 'rayClusterConfig']) : getIn(root, ['spec']);
  if (!isMap(cluster)) return;
  const groups: YAMLMap[] = [];
  const head = getNode(cluster, 'headGroupSpec');
  if (isMap(head)) groups.push(head);
  const workers = getNode(cluster, 'workerGroupSpecs');
  if (isSeq(workers)) for (const raw of workers.items) if (isMap(resolve(raw))) groups.push(resolve(raw) as YAMLMap);
  let gpu = false;
  let image: string | undefined;
  for (const group of groups) {
    const list = getIn(group, ['template', 'spec', 'containers']);
    const params = getNode(group, 'rayStartParams');
    const paramGpus = isMap(params) ? scalarString(getNode(params, 'num-gpus')) : undefined;
    if (!isSeq(list)) continue;
    for (const raw of list.items) {
      const item = resolve(raw);
      if (!isMap(item)) continue;
      const fact = kubeContainer(item, kind, name, stringAt(item, ['name']), true, lineOf, { operatorManaged: true, ray: true });
      if (paramGpus && paramGpus !== '0') fact.gpu = true;
      gpu ||= fact.gpu;
      image ??= fact.image;
      containers.push(fact);
    }
  }
  const serveConfig = getNode(getIn(root, ['spec']) as YAMLMap, 'serveConfigV2');
  if (isScalar(serveConfig) && typeof serveConfig.value === 'string' && serveConfig.range) {
    let parsed: unknown;
    try {
      parsed = parseYamlText(serveConfig.value);
    } catch {
      parsed = undefined;
    }
    const line = lineOf(serveConfig.range[0]);
    const applications = (parsed as { applications?: unknown } | undefined)?.applications;
    if (Array.isArray(applications)) {
      for (const app of applications) {
        const importPath = (app as { import_path?: unknown })?.import_path;
        if (typeof importPath !== 'string') continue;
        rayApps.push({ ...runtimeEnvOf((app as { runtime_env?: unknown }).runtime_env), importPath, line, gpu, image });
      }
    }
  }
}

function runtimeEnvOf(runtimeEnv: unknown): Pick<RayAppFact, 'workingDir' | 'pipFile' | 'pipInline'> {
  const env = (runtimeEnv ?? {}) as { working_dir?: unknown; pip?: unknown };
  const pip = env.pip;
  return {
    workingDir: typeof env.working_dir === 'string' ? env.working_dir : undefined,
    pipFile: typeof pip === 'string' ? pip : undefined,
    pipInline: Array.isArray(pip) || (typeof pip === 'object' && pip !== null),
  };
}

/** A Ray Serve config (`applications: [{import_path}]`), or an Anyscale service's `ray_serve_config`. */
function rayConfigApps(root: YAMLMap, lineOf: (offset: number) => number): RayAppFact[] {
  const apps: RayAppFact[] = [];
  const serveConfig = getNode(root, 'ray_serve_config');
  const holders = isMap(serveConfig) ? [serveConfig] : [root];
  for (const holder of holders) {
    const single = getNode(holder, 'import_path');
    const list = getNode(holder, 'applications');
    const entries: YAMLMap[] = isScalar(single)
      ? [holder]
      : isSeq(list)
        ? list.items.map(resolve).filter((item): item is YAMLMap => isMap(item))
        : [];
    for (const entry of entries) {
      const importPath = getNode(entry, 'import_path');
      if (!isScalar(importPath) || typeof importPath.value !== 'string' || !importPath.range) continue;
      const runtimeEnv = getNode(entry, 'runtime_env');
      const pip = isMap(runtimeEnv) ? getNode(runtimeEnv, 'pip') : undefined;
      apps.push({
        importPath: importPath.value,
        workingDir: isMap(runtimeEnv) ? stringAt(runtimeEnv, ['working_dir']) : undefined,
        pipFile: scalarString(pip),
        pipInline: isSeq(pip) || isMap(pip),
        line: lineOf(importPath.range[0]),
        gpu: /num_gpus["']?\s*:\s*(?!0\b)[\d.]+/.test(String(entry.toString?.() ?? '')),
      });
    }
  }
  return apps;
}

function bentofile(root: YAMLMap, lineOf: (offset: number) => number): BentofileFacts {
  const servicePair = pairOf(root, 'service');
  const start = (servicePair?.key as Scalar | undefined)?.range?.[0] ?? 0;
  const packages = getIn(root, ['python', 'packages']);
  return {
    service: stringAt(root, ['service']),
    line: lineOf(start),
    requirementsTxt: stringAt(root, ['python', 'requirements_txt']),
    hasPackages: isSeq(packages) && packages.items.length > 0,
    lockPackages: get(getIn(root, ['python']) as YAMLMap, 'lock_packages') === true ? true : undefined,
    gpu: false,
  };
}

/** The `run:` steps of a GitHub Actions workflow, and docker/build-push-action builds as commands. */
function workflowCommands(model: YamlModel, text: string): CommandFact[] {
  const commands: CommandFact[] = [];
  const lines = new LineIndex(text);
  for (const document of model.documents) {
    const jobs = isMap(document.contents) ? getNode(document.contents, 'jobs') : undefined;
    if (!isMap(jobs)) continue;
    for (const job of jobs.items) {
      const steps = isMap(job.value) ? getNode(job.value, 'steps') : undefined;
      if (!isSeq(steps)) continue;
      for (const raw of steps.items) {
        const step = resolve(raw);
        if (!isMap(step)) continue;
        const run = getNode(step, 'run');
        if (isScalar(run) && typeof run.value === 'string' && run.range) commands.push(...blockCommands(run, text, lines));
        const uses = stringAt(step, ['uses']) ?? '';
        const inputs = getNode(step, 'with');
        if (/^docker\/build-push-action@/.test(uses) && isMap(inputs) && step.range) {
          const words = ['docker', 'build'];
          const target = stringAt(inputs, ['target']);
          const file = stringAt(inputs, ['file']);
          const tags = stringAt(inputs, ['tags']);
          if (target) words.push('--target', target);
          if (file) words.push('-f', file);
          for (const tag of (tags ?? '').split(/[\s,]+/).filter(Boolean)) words.push('-t', tag);
          words.push(stringAt(inputs, ['context']) ?? '.');
          commands.push(execCommand(words, lines.position(step.range[0]).line + 1, step.range[0], step.range[1]));
        }
      }
    }
  }
  return commands;
}

/** A `run: |` block's commands, with lines in the workflow file. */
function blockCommands(node: Scalar, text: string, lines: LineIndex): CommandFact[] {
  const value = String(node.value);
  const [start, end] = node.range!;
  const source = text.slice(start, end);
  // Block scalars start on the line after the indicator; plain and quoted ones on their own line.
  const firstLine = lines.position(start).line + (/^[|>]/.test(source) ? 1 : 0);
  return shellScriptCommands(value).map((command) => ({ ...command, line: firstLine + command.line, start, end }));
}

function gitlabCommands(model: YamlModel, text: string): CommandFact[] {
  const commands: CommandFact[] = [];
  const lines = new LineIndex(text);
  for (const document of model.documents) {
    if (!isMap(document.contents)) continue;
    for (const job of document.contents.items) {
      if (!isMap(job.value)) continue;
      for (const key of ['before_script', 'script']) {
        const script = getNode(job.value, key);
        const items = isSeq(script) ? script.items.map(resolve) : script ? [script] : [];
        for (const item of items)
          if (isScalar(item) && typeof item.value === 'string' && item.range) commands.push(...blockCommands(item, text, lines));
      }
    }
  }
  return commands;
}

/** Cloud Build steps: `gcloud run deploy` and `docker build` through their builder images. */
function cloudBuildCommands(model: YamlModel, lineOf: (offset: number) => number): CommandFact[] {
  const commands: CommandFact[] = [];
  for (const document of model.documents) {
    const steps = isMap(document.contents) ? getNode(document.contents, 'steps') : undefined;
    if (!isSeq(steps)) continue;
    for (const raw of steps.items) {
      const step = resolve(raw);
      if (!isMap(step) || !step.range) continue;
      const builder = stringAt(step, ['name']) ?? '';
      const args = getNode(step, 'args');
      const words = isSeq(args) ? args.items.map((item) => scalarString(resolve(item)) ?? '') : [];
      const program =
        /cloud-builders\/(gcloud|docker)|google-cloud-cli|cloud-sdk/.exec(builder)?.[1] ?? (/docker/.test(builder) ? 'docker' : 'gcloud');
      const entrypoint = stringAt(step, ['entrypoint']);
      const full = [entrypoint ?? program, ...words];
      commands.push(execCommand(full, lineOf(step.range[0]), step.range[0], step.range[1]));
    }
  }
  return commands;
}

/** The container side of a compose port (`"127.0.0.1:8080:8000/tcp"` → 8000), parsed without a regex scan. */
function containerPort(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const withoutProtocol = value.split('/')[0];
  const last = withoutProtocol.slice(withoutProtocol.lastIndexOf(':') + 1).split('-')[0];
  const port = /^\d{1,5}$/.test(last) ? Number(last) : NaN;
  return port > 0 ? port : undefined;
}
