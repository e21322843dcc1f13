import type { RuleDefinition } from '../core/rule';
import { rule as missingTimeout } from './missing-timeout';
import { rule as missingFallback } from './missing-fallback';
import { rule as swallowedException } from './swallowed-exception';
import { rule as printLogging } from './print-logging';
import { rule as consoleLogging } from './console-logging';
import { rule as missingLogging } from './missing-logging';
import { rule as hardcodedPath } from './hardcoded-path';
import { rule as hardcodedSecret } from './hardcoded-secret';
import { rule as hardcodedDevice } from './hardcoded-device';
import { rule as debugMode } from './debug-mode';
import { rule as undeclaredEnvVar } from './undeclared-env-var';
import { rule as modelLoadPerRequest } from './model-load-per-request';
import { rule as unboundedGeneration } from './unbounded-generation';
import { rule as torchInferenceMode } from './torch-inference-mode';
import { rule as unvalidatedInput } from './unvalidated-input';
import { rule as unpinnedDependency } from './unpinned-dependency';
import { rule as missingDependency } from './missing-dependency';
import { rule as unpinnedImage } from './unpinned-image';
import { rule as containerRunsAsRoot } from './container-runs-as-root';
import { rule as missingHealthcheck } from './missing-healthcheck';
import { rule as devServerInContainer } from './dev-server-in-container';
import { rule as missingResourceLimits } from './missing-resource-limits';
import { rule as missingProbes } from './missing-probes';
import { rule as singleReplica } from './single-replica';
import { rule as notebookInProduction } from './notebook-in-production';
import { rule as blockingCallInAsync } from './blocking-call-in-async';
import { rule as unsafeDeserialization } from './unsafe-deserialization';
import { rule as unpinnedModelRevision } from './unpinned-model-revision';
import { rule as unboundedRetry } from './unbounded-retry';
import { rule as secretInImage } from './secret-in-image';
import { rule as missingHealthRoute } from './missing-health-route';
import { rule as missingMetrics } from './missing-metrics';

/**
 * THE rule registry: every rule, in the order of rules.md. The engine is handed this list
 * (`src/session`); docs pages, the README table, settings and the config schema are generated from it.
 * Adding a rule: its folder with `index.ts` (`defineRule`), one line here, its tests.
 */
export const RULES: readonly RuleDefinition[] = [
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
  blockingCallInAsync,
  unsafeDeserialization,
  unpinnedModelRevision,
  unboundedRetry,
  missingHealthRoute,
  missingMetrics,
  secretInImage,
];
