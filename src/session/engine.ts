import { createEngine } from '../core/engine';
import { ADAPTERS } from '../parsers';
import { RULES as REGISTRY } from '../rules';
import { deploymentProjectModel } from './deployment';

/**
 * The one engine every front end uses (CLI, editor, workspace check, language server): every
 * registered rule, every parser adapter. Front ends import analysis from here, never from the
 * rules or parsers directly, so they cannot disagree about what runs.
 */
export const engine = createEngine({ rules: REGISTRY, adapters: ADAPTERS, projectModel: deploymentProjectModel });

/** The engine's operations, for front ends that call them as functions. */
export const analyzeText = engine.analyzeText;
export const analyzeProject = engine.analyzeProject;
export const finalize = engine.finalize;
export const ruleMeta = engine.ruleMeta;
export const isRuleId = engine.isRuleId;
export const RULES = engine.rules;
export const RULE_IDS = engine.ruleIds;
