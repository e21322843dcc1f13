import { isMap, isScalar, isSeq } from 'yaml';
import { isHardcodedHostPath } from '../../parsers/paths';
import { getNode, resolve } from '../../parsers/yaml/model';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * hardcoded-path in manifests (severity warning there): a Kubernetes `hostPath` volume or a compose
 * bind mount of an absolute host path ties the workload to one machine's disk. Container-side paths
 * (`mountPath`, the target of a bind mount), relative bind mounts and named volumes are fine.
 */
export const manifest: ManifestRuleImplementation = {
  kubernetes(workload, context) {
    for (const volume of workload.hostPaths) {
      if (!isHardcodedHostPath(volume.path)) continue;
      context.report({
        start: volume.start,
        end: volume.end,
        message: `hostPath volume '${volume.path}' exists only on the node where it was created: use a PersistentVolumeClaim or object storage`,
        defaultSeverity: 'warning',
      });
    }
  },
  compose(service, context) {
    const volumes = getNode(service.map, 'volumes');
    if (!isSeq(volumes)) return;
    for (const raw of volumes.items) {
      const item = resolve(raw);
      let source: string | undefined;
      if (isScalar(item) && typeof item.value === 'string') source = bindSource(item.value);
      else if (isMap(item)) {
        const type = getNode(item, 'type');
        const value = getNode(item, 'source');
        if (isScalar(type) && type.value === 'bind' && isScalar(value) && typeof value.value === 'string') source = value.value;
      }
      const range = (raw as { range?: [number, number, number] }).range;
      if (!source || !range || !isHardcodedHostPath(source)) continue;
      context.report({
        start: range[0],
        end: range[1],
        message: `Bind mount of '${source}' depends on this machine's folders: use a named volume or a path relative to the project`,
        defaultSeverity: 'warning',
      });
    }
  },
};

/** The host side of a short-syntax volume (`/host:/container[:ro]`, `C:\\host:/container`). */
function bindSource(spec: string): string | undefined {
  const drive = /^[A-Za-z]:[\\/]/.test(spec);
  const parts = (drive ? spec.slice(2) : spec).split(':');
  if (parts.length < 2) return undefined;
  return drive ? spec.slice(0, 2) + parts[0] : parts[0];
}
