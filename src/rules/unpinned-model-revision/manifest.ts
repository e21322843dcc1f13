import { isMap, isScalar, isSeq } from 'yaml';
import { isMutableStorageUri } from '../../knowledge/modelReferences';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';
import { resolve } from '../../parsers/yaml/model';

/**
 * unpinned-model-revision in manifests: a KServe `InferenceService` whose `storageUri` ends in
 * `latest` (any component, model-format or custom predictor). The finding sits on the value.
 */
export const manifest: ManifestRuleImplementation = {
  kubernetes(workload, context) {
    if (workload.kind !== 'InferenceService') return;
    const pending: unknown[] = [workload.root];
    // Bounded: an InferenceService is a few dozen nodes; hostile input stays cheap.
    for (let visited = 0; pending.length && visited < 5000; visited++) {
      const node = resolve(pending.pop());
      if (isSeq(node)) pending.push(...node.items);
      if (!isMap(node)) continue;
      for (const pair of node.items) {
        const value = resolve(pair.value);
        if (isScalar(pair.key) && pair.key.value === 'storageUri' && isScalar(value) && typeof value.value === 'string' && value.range) {
          if (isMutableStorageUri(value.value)) {
            context.report({
              start: value.range[0],
              end: value.range[1],
              message: `storageUri ${value.value} follows whatever is uploaded as latest: the model changes under the running service without a deploy and a rollback cannot bring the old one back; point it at a versioned path`,
            });
          }
        } else pending.push(value);
      }
    }
  },
};
