import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { detectSecret, maskSecret } from '../../knowledge/secrets';
import { getNode, resolve } from '../../parsers/yaml/model';
import type { ManifestContext, ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * hardcoded-secret in deployment artifacts: a Dockerfile `ENV`/`ARG` default, a Kubernetes `env:`
 * value or a compose `environment:` value that is a literal secret (by its variable's name or by a
 * known key format). Values taken from `valueFrom`/secretKeyRef, `${VAR}` interpolation,
 * placeholders and known vendor defaults of local servers are not secrets in the file. Messages show
 * the value masked.
 */
export const manifest: ManifestRuleImplementation = {
  dockerfile(dockerfile, context) {
    const lines = dockerfile.lines;
    for (const instruction of [...dockerfile.preamble, ...dockerfile.stages.flatMap((stage) => stage.instructions)]) {
      if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
        const properties = (instruction.node as import('dockerfile-ast').Env).getProperties?.() ?? [];
        for (const property of properties) {
          const value = property.getValue();
          const range = property.getValueRange();
          if (value === null || !range) continue;
          const unquoted = value.replace(/^["']|["']$/g, '');
          report(
            context,
            property.getName(),
            unquoted,
            lines.offset(range.start.line, range.start.character),
            lines.offset(range.end.line, range.end.character),
          );
        }
      }
    }
  },
  kubernetes(workload, context) {
    for (const container of workload.containers) {
      const env = getNode(container.map, 'env');
      if (!isSeq(env)) continue;
      for (const raw of env.items) {
        const item = resolve(raw);
        if (!isMap(item)) continue;
        const name = getNode(item, 'name');
        const value = getNode(item, 'value');
        if (isScalar(name) && isScalar(value) && typeof value.value === 'string' && value.range) {
          report(context, String(name.value), value.value, value.range[0], value.range[1]);
        }
      }
    }
  },
  compose(service, context) {
    const environment = getNode(service.map, 'environment');
    if (isMap(environment)) {
      for (const pair of environment.items) {
        const value = resolve(pair.value);
        if (isScalar(pair.key) && isScalar(value) && typeof value.value === 'string' && value.range) {
          report(context, String(pair.key.value), value.value, value.range[0], value.range[1]);
        }
      }
    } else if (isSeq(environment)) {
      for (const raw of environment.items) {
        const item = resolve(raw) as Scalar | undefined;
        if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
        const equals = item.value.indexOf('=');
        if (equals < 0) continue;
        report(context, item.value.slice(0, equals), item.value.slice(equals + 1), item.range[0], item.range[1]);
      }
    }
  },
};

/**
 * Documented defaults of servers run locally beside a model (R2.1, R2.5): MinIO's `minioadmin` and
 * Kubeflow's `minio`/`minio123`, Kubeflow's Dex password `12341234`, Argilla's quickstart API keys.
 * Everyone knows them; they are placeholders, not leaked secrets.
 */
const VENDOR_DEFAULTS = new Set(['minioadmin', 'minio', 'minio123', '12341234', 'argilla.apikey', 'owner.apikey', 'admin.apikey']);

function report(context: ManifestContext, name: string, value: string, start: number, end: number): void {
  // `$VAR` is shell and compose interpolation: a reference to the environment, not a value.
  if (value.startsWith('$') || VENDOR_DEFAULTS.has(value.toLowerCase())) return;
  const match = detectSecret(value, name);
  if (!match) return;
  const kind = match.reason === 'format' ? match.what : 'a secret';
  context.report({
    start,
    end,
    message: `${name} holds ${kind} in plain text (${maskSecret(value)}): anyone with the repository or the image has it; inject it from a secret store or the environment at deploy time`,
  });
}
