import type { ProjectFinding, ProjectRule } from '../../core/project';

/**
 * single-replica (cross-file): a Deployment/StatefulSet with `replicas: 1`, an InferenceService with
 * `minReplicas: 1` and no room to scale, or a SeldonDeployment predictor with `replicas: 1` (its own,
 * else the deployment's `spec.replicas`) and no `hpaSpec`/`kedaSpec`, with no HorizontalPodAutoscaler
 * (or KEDA ScaledObject) targeting it anywhere in the project. The finding sits on the `replicas:` line.
 */
export const singleReplica: ProjectRule = (project) => {
  const targets = project.files.flatMap((file) => file.facts?.autoscalerTargets ?? []);
  const findings: ProjectFinding[] = [];
  for (const file of project.members) {
    for (const workload of file.facts?.workloads ?? []) {
      if (workload.replicas !== 1 || workload.autoscales) continue;
      const scaled = targets.some(
        (target) =>
          target.name === workload.name &&
          (!target.kind || target.kind === workload.kind) &&
          (!target.namespace || !workload.namespace || target.namespace === workload.namespace),
      );
      if (scaled) continue;
      findings.push({
        file: file.path,
        finding: {
          start: workload.start,
          end: workload.end,
          message: `${workload.kind} '${workload.name}'${workload.part ? ` ${workload.part}` : ''} runs one replica and no autoscaler targets it: every deploy, node drain or crash is an outage`,
        },
      });
    }
  }
  return findings;
};
