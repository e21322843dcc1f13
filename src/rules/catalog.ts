import type { RuleMeta } from '../core/types';
import { meta as missingTimeout } from './missing-timeout/meta';
import { meta as missingFallback } from './missing-fallback/meta';
import { meta as swallowedException } from './swallowed-exception/meta';
import { meta as printLogging } from './print-logging/meta';
import { meta as consoleLogging } from './console-logging/meta';
import { meta as missingLogging } from './missing-logging/meta';
import { meta as hardcodedPath } from './hardcoded-path/meta';
import { meta as hardcodedSecret } from './hardcoded-secret/meta';
import { meta as hardcodedDevice } from './hardcoded-device/meta';
import { meta as debugMode } from './debug-mode/meta';
import { meta as undeclaredEnvVar } from './undeclared-env-var/meta';
import { meta as modelLoadPerRequest } from './model-load-per-request/meta';
import { meta as unboundedGeneration } from './unbounded-generation/meta';
import { meta as torchInferenceMode } from './torch-inference-mode/meta';
import { meta as unvalidatedInput } from './unvalidated-input/meta';
import { meta as unpinnedDependency } from './unpinned-dependency/meta';
import { meta as missingDependency } from './missing-dependency/meta';
import { meta as unpinnedImage } from './unpinned-image/meta';
import { meta as containerRunsAsRoot } from './container-runs-as-root/meta';
import { meta as missingHealthcheck } from './missing-healthcheck/meta';
import { meta as devServerInContainer } from './dev-server-in-container/meta';
import { meta as missingResourceLimits } from './missing-resource-limits/meta';
import { meta as missingProbes } from './missing-probes/meta';
import { meta as singleReplica } from './single-replica/meta';
import { meta as notebookInProduction } from './notebook-in-production/meta';

/** THE rule catalogue: every rule's metadata, in the order of rules.md. Docs, settings and the README table are generated from it. */
export const RULES: readonly RuleMeta[] = [
  missingTimeout,
  missingFallback,
  swallowedException,
  printLogging,
  consoleLogging,
  missingLogging,
  hardcodedPath,
  hardcodedSecret,
  hardcodedDevice,
  debugMode,
  undeclaredEnvVar,
  modelLoadPerRequest,
  unboundedGeneration,
  torchInferenceMode,
  unvalidatedInput,
  unpinnedDependency,
  missingDependency,
  unpinnedImage,
  containerRunsAsRoot,
  missingHealthcheck,
  devServerInContainer,
  missingResourceLimits,
  missingProbes,
  singleReplica,
  notebookInProduction,
];

const byId = new Map(RULES.map((rule) => [rule.id, rule]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return byId.get(id);
}

export function isRuleId(id: string): boolean {
  return byId.has(id);
}
