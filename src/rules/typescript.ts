import type { TsRule } from '../parsers/typescript/rule';
import { typescript as missingTimeout } from './missing-timeout/typescript';

/** Every TS/JS rule implementation; the adapter runs the enabled ones in one dispatch over one walk. */
export const TYPESCRIPT_RULES: readonly TsRule[] = [missingTimeout];
