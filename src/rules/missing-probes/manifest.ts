import { isMap, isScalar, isSeq } from 'yaml';
import { insertLinesAfter, keyColumn } from '../../parsers/yaml/edits';
import { getNode, pairOf, resolve, type KubeContainer } from '../../parsers/yaml/model';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * missing-probes: a long-running container (not an init container, not a Job/CronJob or run-once
 * Pod) without a readinessProbe or without a livenessProbe. The fix inserts HTTP probe stubs on the
 * container's first port; the `/health` route is a guess, so the fix is offered as unsafe.
 */
export const manifest: ManifestRuleImplementation = {
  kubernetes(workload, context) {
    if (!workload.checked) return;
    for (const container of workload.containers) {
      if (!container.longRunning) continue;
      const missing = ['readinessProbe', 'livenessProbe'].filter((probe) => !pairOf(container.map, probe));
      if (!missing.length) continue;
      const column = keyColumn(context.text, container.map);
      const port = containerPort(container);
      // KServe model servers answer the Open Inference Protocol health routes.
      const kserve = workload.kind === 'InferenceService';
      const routeOf = (probe: string) => (!kserve ? '/health' : probe === 'readinessProbe' ? '/v2/health/ready' : '/v2/health/live');
      const lines = missing.flatMap((probe) => [
        `${probe}:`,
        '  httpGet:',
        `    path: ${routeOf(probe)}`,
        `    port: ${port}`,
        `  initialDelaySeconds: ${probe === 'livenessProbe' ? 30 : 5}`,
        '  periodSeconds: 10',
      ]);
      context.report({
        start: container.anchorStart,
        end: container.anchorEnd,
        message: `Container ${container.name ? `'${container.name}' ` : ''}has no ${missing.join(' and no ')}: ${
          missing.includes('readinessProbe') ? 'traffic arrives before the model has loaded' : 'a hung worker is never restarted'
        }`,
        fix:
          column === undefined
            ? undefined
            : {
                description: `Add ${missing.join(' and ')} stubs on /health`,
                edits: [insertLinesAfter(context.text, container.anchorEnd, lines, column)],
                safe: false,
              },
      });
    }
  },
};

function containerPort(container: KubeContainer): string {
  const ports = getNode(container.map, 'ports');
  if (isSeq(ports)) {
    const first = resolve(ports.items[0]);
    if (isMap(first)) {
      const name = getNode(first, 'name');
      const number = getNode(first, 'containerPort');
      if (isScalar(number) && typeof number.value === 'number') return String(number.value);
      if (isScalar(name) && typeof name.value === 'string') return name.value;
    }
  }
  return '8080';
}
