import { isScalar } from 'yaml';
import { modelServerOf } from '../../knowledge/images';
import { commandWords } from '../../parsers/shell/command';
import { insertLinesAfter, keyColumn } from '../../parsers/yaml/edits';
import { commandEntries, pairOf } from '../../parsers/yaml/model';
import type { ManifestRuleImplementation } from '../../parsers/manifestRule';

/**
 * missing-probes: a long-running container without a readinessProbe or without a livenessProbe.
 * Never init containers, Jobs, CronJobs or run-once Pods, and never operator-managed workloads
 * (R2.1, deployment.md §4): SeldonDeployment containers, KServe model-format predictors and KubeRay
 * head/worker groups get their probes from the operator. KServe custom containers are checked.
 *
 * The fix (unsafe) inserts httpGet probes only where the health route and port are known: a known
 * model server's documented routes (vLLM, TGI, Triton, Ollama, TorchServe, MLServer, KServe
 * runtimes; its port flag when the command sets one), or the deployment model's. A model server's
 * liveness probe comes with a startupProbe, so a long model load is not killed. No route known: no
 * fix, and the message says to add a health route.
 */
export const manifest: ManifestRuleImplementation = {
  kubernetes(workload, context) {
    if (!workload.checked) return;
    for (const container of workload.containers) {
      if (!container.longRunning || container.operatorManaged) continue;
      const missing = ['readinessProbe', 'livenessProbe'].filter((probe) => !pairOf(container.map, probe));
      if (!missing.length) continue;
      const imageNode = pairOf(container.map, 'image')?.value;
      const image = isScalar(imageNode) && typeof imageNode.value === 'string' ? imageNode.value : undefined;
      const words = commandWords(commandEntries(container.map, ['command', 'args']).flatMap((entry) => entry.words));
      const server = modelServerOf(image, words);
      const declared = context.deployment?.workloadAt?.(container.anchorStart);
      const port = declared?.port ?? server?.port;
      const routeOf = (probe: string) => declared?.healthRoute ?? (probe === 'readinessProbe' ? server?.readiness : server?.liveness);
      const column = keyColumn(context.text, container.map);
      const known = port !== undefined && missing.every((probe) => routeOf(probe) !== undefined);
      const lines = known
        ? missing.flatMap((probe) => {
            const probeLines = [`${probe}:`, '  httpGet:', `    path: ${routeOf(probe)}`, `    port: ${port}`, '  periodSeconds: 10'];
            if (probe === 'livenessProbe' && server && !pairOf(container.map, 'startupProbe'))
              // Up to 10 minutes to load the model before liveness starts counting.
              probeLines.push(
                'startupProbe:',
                '  httpGet:',
                `    path: ${routeOf(probe)}`,
                `    port: ${port}`,
                '  periodSeconds: 10',
                '  failureThreshold: 60',
              );
            return probeLines;
          })
        : undefined;
      const harm = missing.includes('readinessProbe') ? 'traffic arrives before the model has loaded' : 'a hung worker is never restarted';
      context.report({
        start: container.anchorStart,
        end: container.anchorEnd,
        message: `Container ${container.name ? `'${container.name}' ` : ''}has no ${missing.join(' and no ')}: ${harm}${
          lines
            ? ''
            : '; no health route is known for it: add a health route (such as GET /healthz) to the app, then probes that request it'
        }`,
        fix:
          lines && column !== undefined
            ? {
                description: `Add ${missing.join(' and ')} on ${server && !declared?.healthRoute ? `${server.label}'s ` : ''}health route, port ${port}`,
                edits: [insertLinesAfter(context.text, container.anchorEnd, lines, column)],
                safe: false,
              }
            : undefined,
      });
    }
  },
};
