import type { TsRule } from '../parsers/typescript/rule';
import { typescript as consoleLogging } from './console-logging/typescript';
import { typescript as hardcodedPath } from './hardcoded-path/typescript';
import { typescript as hardcodedSecret } from './hardcoded-secret/typescript';
import { typescript as missingFallback } from './missing-fallback/typescript';
import { typescript as missingLogging } from './missing-logging/typescript';
import { typescript as missingTimeout } from './missing-timeout/typescript';
import { typescript as modelLoadPerRequest } from './model-load-per-request/typescript';
import { typescript as swallowedException } from './swallowed-exception/typescript';
import { typescript as unboundedGeneration } from './unbounded-generation/typescript';
import { typescript as unvalidatedInput } from './unvalidated-input/typescript';

/** Every TS/JS rule implementation; the adapter runs the enabled ones in one dispatch over one walk. */
export const TYPESCRIPT_RULES: readonly TsRule[] = [
  missingTimeout,
  missingFallback,
  swallowedException,
  consoleLogging,
  missingLogging,
  hardcodedPath,
  hardcodedSecret,
  modelLoadPerRequest,
  unboundedGeneration,
  unvalidatedInput,
];
