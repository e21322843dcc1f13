import type { PythonRule } from '../parsers/python/rule';
import { python as debugMode } from './debug-mode/python';
import { python as hardcodedDevice } from './hardcoded-device/python';
import { python as hardcodedPath } from './hardcoded-path/python';
import { python as hardcodedSecret } from './hardcoded-secret/python';
import { python as missingFallback } from './missing-fallback/python';
import { python as missingLogging } from './missing-logging/python';
import { python as missingTimeout } from './missing-timeout/python';
import { python as modelLoadPerRequest } from './model-load-per-request/python';
import { python as printLogging } from './print-logging/python';
import { python as swallowedException } from './swallowed-exception/python';
import { python as torchInferenceMode } from './torch-inference-mode/python';
import { python as unboundedGeneration } from './unbounded-generation/python';
import { python as unvalidatedInput } from './unvalidated-input/python';

/** Every Python rule implementation; the engine runs the enabled ones in one walk. */
export const PYTHON_RULES: readonly PythonRule[] = [
  debugMode,
  missingTimeout,
  swallowedException,
  modelLoadPerRequest,
  missingFallback,
  unboundedGeneration,
  torchInferenceMode,
  printLogging,
  missingLogging,
  hardcodedSecret,
  hardcodedPath,
  hardcodedDevice,
  unvalidatedInput,
];
