import * as path from 'path';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  visit,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

/**
 * The YAML deployment artifacts prodready understands, located in one parse of a (multi-document)
 * file: Kubernetes workloads and their containers, KServe InferenceServices, Seldon deployments,
 * autoscalers, docker-compose services, bentofile.yaml and conda environment files. Every node keeps
 * its source range (`range[0]` = start offset, `range[1]` = end of value), so findings and fixes sit exactly.
 */

export interface KubeContainer {
  map: YAMLMap;
  name?: string;
  /** Where container findings sit: the `name:` entry (or the start of the container mapping). */
  anchorStart: number;
  anchorEnd: number;
  /** Init containers and batch (Job/CronJob, run-once Pod) containers are not long-running. */
  longRunning: boolean;
  /**
   * An operator runs it and injects its probes (deployment.md §4): SeldonDeployment containers, KServe
   * model-format predictors (`model:`, `sklearn:`...), KubeRay head and worker containers.
   */
  operatorManaged?: boolean;
}

export interface KubeWorkload {
  kind: string;
  apiVersion: string;
  name?: string;
  namespace?: string;
  root: YAMLMap;
  containers: KubeContainer[];
  /** hostPath volumes: the volume entry and its path. */
  hostPaths: Array<{ path: string; start: number; end: number }>;
  /** `replicas:` (or KServe/Seldon `minReplicas:`), where the key sits. */
  replicas?: { value: number; start: number; end: number; autoscales: boolean };
  /** SeldonDeployment `spec.predictors[].replicas` (else the deployment's `spec.replicas`), per predictor. */
  predictorReplicas?: Array<{ predictor?: string; value: number; start: number; end: number; autoscales: boolean }>;
  /** Whether this kind gets container resource and probe checks. */
  checked: boolean;
}

export interface AutoscalerTarget {
  kind?: string;
  name: string;
  namespace?: string;
}

export interface ComposeService {
  name: string;
  key: Scalar;
  map: YAMLMap;
}

export interface YamlModel {
  documents: Document.Parsed[];
  workloads: KubeWorkload[];
  autoscalerTargets: AutoscalerTarget[];
  compose?: { services: ComposeService[] };
  /** bentofile.yaml `python.packages` / conda `dependencies`: scalar nodes naming requirements. */
  pythonPackages: Scalar[];
  bentofile?: YAMLMap;
  kind: 'kubernetes' | 'compose' | 'bentofile' | 'conda' | 'other';
}

export class YamlSyntaxError extends Error {}

/** Workload kinds whose pod spec gets container checks, and where that pod spec lives. */
const POD_SPEC_PATHS: Record<string, string[][]> = {
  Deployment: [['spec', 'template', 'spec']],
  StatefulSet: [['spec', 'template', 'spec']],
  DaemonSet: [['spec', 'template', 'spec']],
  Job: [['spec', 'template', 'spec']],
  CronJob: [['spec', 'jobTemplate', 'spec', 'template', 'spec']],
  Pod: [['spec']],
};
const BATCH_KINDS = new Set(['Job', 'CronJob']);
const KSERVE_COMPONENTS = ['predictor', 'transformer', 'explainer'];
const KSERVE_MODEL_KEYS = new Set([
  'model',
  'sklearn',
  'xgboost',
  'lightgbm',
  'tensorflow',
  'pytorch',
  'triton',
  'onnx',
  'pmml',
  'paddle',
  'huggingface',
  'alibi',
  'art',
  'aix',
]);

export function isComposePath(filePath: string): boolean {
  return /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i.test(path.basename(filePath)) || /\.compose\.ya?ml$/i.test(filePath);
}

export function parseYaml(text: string, filePath: string): YamlModel {
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: false });
  const list = Array.isArray(documents) ? documents : [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      const where = error.linePos ? `${error.linePos[0].line}:${error.linePos[0].col}: ` : '';
      // The yaml library reports its own stack overflow on flow collections thousands deep as an error.
      const message = /call stack/i.test(error.message) ? 'nested too deeply to parse' : error.message.split('\n')[0];
      throw new YamlSyntaxError(`${where}invalid YAML: ${message}`);
    }
  }
  for (const document of list) {
    visit(document, {
      Alias(_, alias) {
        const target = alias.resolve(document);
        if (target) resolvedAliases.set(alias, target as Node);
      },
    });
  }
  const model: YamlModel = { documents: list, workloads: [], autoscalerTargets: [], pythonPackages: [], kind: 'other' };
  const base = path.basename(filePath).toLowerCase();
  for (const document of list) {
    const root = document.contents;
    if (!isMap(root)) continue;
    if (base === 'bentofile.yaml' || base === 'bentofile.yml') {
      model.kind = 'bentofile';
      model.bentofile = root;
      const packages = getIn(root, ['python', 'packages']);
      if (isSeq(packages))
        for (const item of packages.items) if (isScalar(item) && typeof item.value === 'string') model.pythonPackages.push(item);
      continue;
    }
    if (get(root, 'apiVersion') !== undefined && get(root, 'kind') !== undefined) {
      model.kind = 'kubernetes';
      collectKubernetes(root, model);
      continue;
    }
    const services = getNode(root, 'services');
    if (isMap(services) && (isComposePath(filePath) || looksLikeCompose(services))) {
      model.kind = 'compose';
      model.compose = { services: [] };
      for (const pair of services.items) {
        if (isScalar(pair.key) && isMap(pair.value))
          model.compose.services.push({ name: String(pair.key.value), key: pair.key, map: pair.value });
      }
      continue;
    }
    const dependencies = getNode(root, 'dependencies');
    if (isSeq(dependencies) && (/^environment.*\.ya?ml$/.test(base) || getNode(root, 'channels') !== undefined)) {
      model.kind = 'conda';
      for (const item of dependencies.items) {
        if (isScalar(item) && typeof item.value === 'string') model.pythonPackages.push(item);
        else if (isMap(item)) {
          const pip = getNode(item, 'pip');
          if (isSeq(pip))
            for (const entry of pip.items) if (isScalar(entry) && typeof entry.value === 'string') model.pythonPackages.push(entry);
        }
      }
    }
  }
  return model;
}

function looksLikeCompose(services: YAMLMap): boolean {
  return (
    services.items.length > 0 &&
    services.items.every(
      (pair) => isMap(pair.value) && (getNode(pair.value, 'image') !== undefined || getNode(pair.value, 'build') !== undefined),
    )
  );
}

function collectKubernetes(root: YAMLMap, model: YamlModel): void {
  const kind = String(get(root, 'kind'));
  const apiVersion = String(get(root, 'apiVersion'));
  if (kind === 'List') {
    const items = getNode(root, 'items');
    if (isSeq(items)) for (const item of items.items) if (isMap(item)) collectKubernetes(item, model);
    return;
  }
  const name = stringAt(root, ['metadata', 'name']);
  const namespace = stringAt(root, ['metadata', 'namespace']);
  if (kind === 'HorizontalPodAutoscaler' || (kind === 'ScaledObject' && apiVersion.startsWith('keda.sh/'))) {
    const targetName = stringAt(root, ['spec', 'scaleTargetRef', 'name']);
    if (targetName) model.autoscalerTargets.push({ kind: stringAt(root, ['spec', 'scaleTargetRef', 'kind']), name: targetName, namespace });
    return;
  }
  const workload: KubeWorkload = { kind, apiVersion, name, namespace, root, containers: [], hostPaths: [], checked: false };
  const podSpecPaths = POD_SPEC_PATHS[kind];
  if (podSpecPaths && (apiVersion === 'v1' || /^(apps|batch|extensions)\//.test(apiVersion))) {
    workload.checked = true;
    for (const specPath of podSpecPaths) {
      const podSpec = getIn(root, specPath);
      if (!isMap(podSpec)) continue;
      const restart = get(podSpec, 'restartPolicy');
      const longRunning = !BATCH_KINDS.has(kind) && !(kind === 'Pod' && (restart === 'Never' || restart === 'OnFailure'));
      collectPodSpec(podSpec, longRunning, workload);
    }
    if (kind === 'Deployment' || kind === 'StatefulSet') workload.replicas = replicasOf(root, ['spec'], 'replicas');
  } else if (kind === 'InferenceService' && /^serving\.(kserve\.io|kubeflow\.org)\//.test(apiVersion)) {
    // KServe, and KFServing before it (whose v1alpha2 nests components under `spec.default`).
    workload.checked = true;
    const base = isMap(getIn(root, ['spec', 'default'])) ? ['spec', 'default'] : ['spec'];
    for (const component of KSERVE_COMPONENTS) {
      const spec = getIn(root, [...base, component]);
      if (!isMap(spec)) continue;
      collectPodSpec(spec, true, workload);
      // A model-format predictor (`model:`, `sklearn:`, ...) is the container the serving runtime runs:
      // it takes the same resources and probes, so it is checked like one, sitting on its key.
      for (const pair of spec.items) {
        const value = resolve(pair.value);
        if (!isScalar(pair.key) || !KSERVE_MODEL_KEYS.has(String(pair.key.value)) || !isMap(value) || !pair.key.range) continue;
        workload.containers.push({
          map: value,
          name: String(pair.key.value),
          anchorStart: pair.key.range[0],
          anchorEnd: pair.key.range[1],
          longRunning: true,
          operatorManaged: true,
        });
      }
    }
    workload.replicas = replicasOf(root, [...base, 'predictor'], 'minReplicas');
  } else if (kind === 'SeldonDeployment' && apiVersion.startsWith('machinelearning.seldon.io/')) {
    workload.checked = true;
    const predictors = getIn(root, ['spec', 'predictors']);
    const shared = replicasOf(root, ['spec'], 'replicas');
    if (isSeq(predictors)) {
      for (const predictor of predictors.items) {
        if (!isMap(predictor)) continue;
        const componentSpecs = getNode(predictor, 'componentSpecs');
        const components = isSeq(componentSpecs) ? componentSpecs.items.filter(isMap) : [];
        for (const component of components) {
          const spec = getNode(component, 'spec');
          if (isMap(spec)) collectPodSpec(spec, true, workload, true);
        }
        const replicas = replicasOf(predictor, [], 'replicas') ?? shared;
        // A shadow predictor gets a copy of the traffic: its outage affects no caller.
        if (replicas && get(predictor, 'shadow') !== true) {
          // Seldon scales a predictor through its components' hpaSpec (or kedaSpec).
          const autoscales = components.some((component) => isMap(getNode(component, 'hpaSpec')) || isMap(getNode(component, 'kedaSpec')));
          (workload.predictorReplicas ??= []).push({
            ...replicas,
            predictor: stringAt(predictor, ['name']),
            autoscales: replicas.autoscales || autoscales,
          });
        }
      }
    }
  } else if ((kind === 'RayService' || kind === 'RayCluster' || kind === 'RayJob') && apiVersion.startsWith('ray.io/')) {
    // KubeRay: the operator runs head and worker pods and probes them itself; a RayJob's cluster is batch.
    const cluster = kind === 'RayService' ? ['spec', 'rayClusterConfig'] : kind === 'RayJob' ? ['spec', 'rayClusterSpec'] : ['spec'];
    const groups: Node[] = [];
    const head = getIn(root, [...cluster, 'headGroupSpec']);
    if (head) groups.push(head);
    const workers = getIn(root, [...cluster, 'workerGroupSpecs']);
    if (isSeq(workers)) groups.push(...workers.items.map(resolve).filter((item): item is Node => item !== undefined));
    for (const group of groups) {
      const podSpec = isMap(group) ? getIn(group, ['template', 'spec']) : undefined;
      if (isMap(podSpec)) collectPodSpec(podSpec, kind !== 'RayJob', workload, true);
    }
  } else {
    // Other kinds still declare environment names (facts) but get no container checks.
    const podSpec = getIn(root, ['spec', 'template', 'spec']);
    if (isMap(podSpec)) collectPodSpec(podSpec, true, workload);
  }
  model.workloads.push(workload);
}

function replicasOf(root: YAMLMap, at: string[], key: string): KubeWorkload['replicas'] {
  const parent = getIn(root, at);
  if (!isMap(parent)) return undefined;
  const pair = pairOf(parent, key);
  if (!pair || !isScalar(pair.value) || typeof pair.value.value !== 'number') return undefined;
  const maxReplicas = key === 'minReplicas' ? get(parent, 'maxReplicas') : undefined;
  const keyNode = pair.key as Scalar;
  return {
    value: pair.value.value,
    start: keyNode.range![0],
    end: pair.value.range![1],
    autoscales: typeof maxReplicas === 'number' && maxReplicas > pair.value.value,
  };
}

function collectPodSpec(podSpec: YAMLMap, longRunning: boolean, workload: KubeWorkload, operatorManaged = false): void {
  for (const [field, isInit] of [
    ['containers', false],
    ['initContainers', true],
  ] as const) {
    const containers = getNode(podSpec, field);
    if (!isSeq(containers)) continue;
    for (const raw of containers.items) {
      const item = resolve(raw);
      if (!isMap(item)) continue;
      const namePair = pairOf(item, 'name');
      const nameValue = namePair && isScalar(namePair.value) ? namePair.value : undefined;
      const anchorStart = namePair ? (namePair.key as Scalar).range![0] : item.range![0];
      const anchorEnd = nameValue?.range ? nameValue.range[1] : anchorStart;
      // A container without `image:` is a fragment (a kustomize patch, a template's partial), not a container that runs.
      if (!pairOf(item, 'image') && !isInit) continue;
      workload.containers.push({
        map: item,
        name: nameValue ? String(nameValue.value) : undefined,
        anchorStart,
        anchorEnd,
        longRunning: longRunning && !isInit,
        operatorManaged: operatorManaged || undefined,
      });
    }
  }
  const volumes = getNode(podSpec, 'volumes');
  if (isSeq(volumes)) {
    for (const volume of volumes.items) {
      if (!isMap(volume)) continue;
      const hostPath = stringAt(volume, ['hostPath', 'path']);
      if (!hostPath) continue;
      const namePair = pairOf(volume, 'name');
      const start = namePair ? (namePair.key as Scalar).range![0] : volume.range![0];
      const end = namePair && isScalar(namePair.value) && namePair.value.range ? namePair.value.range[1] : start;
      workload.hostPaths.push({ path: hostPath, start, end });
    }
  }
}

const resolvedAliases = new WeakMap<Alias, Node>();

/** The node an alias (`*name`) stands for; other nodes unchanged. */
export function resolve(node: unknown): Node | undefined {
  if (isAlias(node)) return resolvedAliases.get(node);
  return (node ?? undefined) as Node | undefined;
}

/** The pair for `key`, looking through merge keys (`<<: *defaults`) as YAML 1.1 and compose do. */
export function pairOf(map: YAMLMap, key: string, depth = 0): Pair | undefined {
  const own = map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair | undefined;
  if (own || depth > 5) return own;
  for (const pair of map.items) {
    if (!isScalar(pair.key) || pair.key.value !== '<<') continue;
    const merged = resolve(pair.value);
    const sources = isSeq(merged) ? merged.items.map(resolve) : [merged];
    for (const source of sources) {
      if (!isMap(source)) continue;
      const found = pairOf(source, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

export function getNode(map: YAMLMap, key: string): Node | undefined {
  return resolve(pairOf(map, key)?.value);
}

export function getIn(map: YAMLMap, keys: readonly string[]): Node | undefined {
  let current: Node | undefined = map;
  for (const key of keys) {
    if (!isMap(current)) return undefined;
    current = getNode(current, key);
  }
  return current;
}

/** A scalar's JS value (through aliases resolved by the document), or undefined. */
export function get(map: YAMLMap, key: string): unknown {
  const node = getNode(map, key);
  return isScalar(node) ? node.value : undefined;
}

export function stringAt(map: YAMLMap, keys: readonly string[]): string | undefined {
  const node = getIn(map, keys);
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

export type { YAMLMap, YAMLSeq, Scalar, Node, Pair };

/** The `command:`-like entries of a container or compose service: their words and where the key sits. */
export function commandEntries(map: YAMLMap, keys: readonly string[]): Array<{ key: string; words: string[]; start: number; end: number }> {
  const entries: Array<{ key: string; words: string[]; start: number; end: number }> = [];
  for (const key of keys) {
    const pair = pairOf(map, key);
    if (!pair) continue;
    const value = resolve(pair.value);
    let words: string[] = [];
    if (isScalar(value) && typeof value.value === 'string') words = [value.value];
    else if (isSeq(value))
      words = value.items.map(resolve).flatMap((item) => (isScalar(item) && item.value !== null ? [String(item.value)] : []));
    else continue;
    const keyNode = pair.key as Scalar;
    const start = keyNode.range![0];
    const valueRange = (value as { range?: [number, number, number] }).range;
    entries.push({ key, words, start, end: valueRange ? valueRange[1] : keyNode.range![1] });
  }
  return entries;
}
