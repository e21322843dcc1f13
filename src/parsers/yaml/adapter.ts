import { isMap, isScalar, isSeq } from 'yaml';
import type { LanguageAdapter } from '../../core/languages';
import type { FileFacts } from '../../core/project';
import { ManifestRunner } from '../manifestRule';
import { normalizeDistribution, type DeclaredDependency } from '../dependencies';
import { MAX_MANIFEST_CHARS, tooLarge } from '../limits';
import { parseRequirements } from '../requirements/parse';
import { yamlDeployment } from './deployment';
import { getNode, pairOf, resolve, YamlSyntaxError, parseYaml, type YamlModel } from './model';

/**
 * YAML deployment artifacts through the `yaml` package (multi-document files, anchors and merge keys
 * resolved, every node with its source range). Invalid YAML is skipped with the parser's message and
 * line:column. A Helm template (Go template markup) is not YAML until rendered and is skipped as such.
 * YAML files that are none of the known kinds (CI configs, app configs) produce nothing.
 */
export const yamlAdapter: LanguageAdapter = {
  async analyze(input) {
    if (input.text.length > MAX_MANIFEST_CHARS) return { findings: [], skipped: tooLarge(input.text) };
    if (/\{\{-?\s/.test(input.text) && /(^|[\\/])templates[\\/]/.test(input.path)) {
      return { findings: [], skipped: 'Helm template: not YAML until rendered (run prodready on `helm template` output)' };
    }
    let model: YamlModel;
    try {
      model = parseYaml(input.text, input.path);
    } catch (error) {
      if (error instanceof YamlSyntaxError) return { findings: [], skipped: error.message };
      throw error;
    }
    const runner = new ManifestRunner(input);
    for (const workload of model.workloads) runner.run('kubernetes', workload, model);
    for (const service of model.compose?.services ?? []) runner.run('compose', service, model);
    const dependencies = model.pythonPackages.flatMap((node) => packageDependency(node));
    if (model.kind === 'bentofile') runner.run('dependencies', { path: input.path, text: input.text, dependencies });
    return {
      findings: runner.findings,
      facts: { ...yamlFacts(model, dependencies), deployment: yamlDeployment(model, input.path, input.text) },
    };
  },
};

/** A bentofile/conda package entry as a requirement, positioned inside the YAML scalar. */
function packageDependency(node: import('yaml').Scalar): DeclaredDependency[] {
  const value = String(node.value);
  const range = node.range;
  if (!range) return [];
  // Plain scalars map 1:1 onto the source; quoted ones are shifted by their opening quote.
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const verbatim = node.type === 'PLAIN' || (quoted && !value.includes('\\') && !value.includes("'"));
  // conda pins with `=` (`numpy=1.26.4`), pip with `==`.
  const parsed = parseRequirements(value.replace(/^([A-Za-z0-9._-]+)=(?!=)/, '$1==')).dependencies[0];
  if (!parsed) return [];
  const shift = range[0] + (quoted ? 1 : 0);
  const pinEdit = parsed.pinEdit;
  return [
    {
      ...parsed,
      start: range[0],
      end: range[1],
      pinEdit:
        verbatim && pinEdit && !/^[A-Za-z0-9._-]+=(?!=)/.test(value)
          ? (version: string) => {
              const edit = pinEdit(version);
              return { ...edit, start: edit.start + shift, end: edit.end + shift };
            }
          : undefined,
    },
  ];
}

function yamlFacts(model: YamlModel, dependencies: DeclaredDependency[]): FileFacts {
  const facts: FileFacts = {};
  const envProvided = new Set<string>();
  if (model.kind === 'bentofile' || model.kind === 'conda') {
    facts.pythonManifest = true;
    facts.pythonDistributions = dependencies.map((dependency) => normalizeDistribution(dependency.name));
  }
  if (model.kind === 'kubernetes') {
    facts.deploymentArtifact = true;
    for (const workload of model.workloads) {
      for (const container of workload.containers) {
        const env = getNode(container.map, 'env');
        if (isSeq(env)) {
          for (const raw of env.items) {
            const item = resolve(raw);
            const name = isMap(item) ? getNode(item, 'name') : undefined;
            if (isScalar(name) && name.value !== null) envProvided.add(String(name.value));
          }
        }
        if (pairOf(container.map, 'envFrom')) facts.envUnknowable = true;
      }
      for (const predictor of workload.name !== undefined ? (workload.predictorReplicas ?? []) : []) {
        facts.workloads ??= [];
        facts.workloads.push({
          kind: workload.kind,
          name: workload.name!,
          namespace: workload.namespace,
          replicas: predictor.value,
          start: predictor.start,
          end: predictor.end,
          autoscales: predictor.autoscales,
          part: predictor.predictor !== undefined ? `predictor '${predictor.predictor}'` : 'predictor',
        });
      }
      if (workload.replicas && workload.name !== undefined) {
        facts.workloads ??= [];
        facts.workloads.push({
          kind: workload.kind,
          name: workload.name,
          namespace: workload.namespace,
          replicas: workload.replicas.value,
          start: workload.replicas.start,
          end: workload.replicas.end,
          autoscales: workload.replicas.autoscales,
        });
      }
    }
    if (model.autoscalerTargets.length) facts.autoscalerTargets = model.autoscalerTargets;
  }
  if (model.kind === 'compose' && model.compose) {
    facts.deploymentArtifact = true;
    for (const service of model.compose.services) {
      const environment = getNode(service.map, 'environment');
      if (isMap(environment)) {
        for (const pair of environment.items) if (isScalar(pair.key)) envProvided.add(String(pair.key.value));
      } else if (isSeq(environment)) {
        for (const raw of environment.items) {
          const item = resolve(raw);
          if (isScalar(item) && typeof item.value === 'string') envProvided.add(item.value.split('=')[0]);
        }
      }
      const envFile = getNode(service.map, 'env_file');
      const files = isSeq(envFile) ? envFile.items.map(resolve) : envFile ? [envFile] : [];
      for (const file of files) {
        const pathNode = isMap(file) ? getNode(file, 'path') : file;
        if (isScalar(pathNode) && typeof pathNode.value === 'string') (facts.envFiles ??= []).push(pathNode.value);
      }
    }
  }
  if (model.kind === 'bentofile' && model.bentofile) {
    const envs = getNode(model.bentofile, 'envs');
    if (isSeq(envs)) {
      facts.deploymentArtifact = true;
      for (const raw of envs.items) {
        const item = resolve(raw);
        const name = isMap(item) ? getNode(item, 'name') : undefined;
        if (isScalar(name) && name.value !== null) envProvided.add(String(name.value));
      }
    }
  }
  if (envProvided.size) facts.envProvided = [...envProvided];
  return facts;
}
