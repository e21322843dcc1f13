import type { LanguageAdapter } from '../../core/languages';
import { implementationsOf } from '../../core/rule';
import { analyzeTypeScript } from './analyze';
import { scriptModuleDeployment } from './deployment';
import { generatedCode } from './generated';
import type { TsRuleImplementation } from './rule';
import { importsMetricsPackage, webAppsOf } from './webApps';
import type { FileFacts } from '../../core/facts';

/**
 * TS/JS files. typescript-estree cannot recover from a syntax error (it throws on the first one),
 * so a file that does not parse yields no findings and is listed as skipped with the position,
 * rather than keeping stale findings. Minified code and bundles are skipped before parsing (generated.ts).
 */
export const typescriptAdapter: LanguageAdapter = {
  async analyze(input) {
    const generated = generatedCode(input.text, input.path);
    if (generated) return { findings: [], skipped: generated };
    const rules = implementationsOf<TsRuleImplementation>(input.rules, 'typescript');
    const result = analyzeTypeScript(input.text, input.path, rules, input.options);
    if ('error' in result) return { findings: [], skipped: result.error };
    const { module } = result;
    const facts: FileFacts = {
      envReads: module.envReads,
      servingModule: module.hasServingCode,
      deployment: { module: scriptModuleDeployment(module) },
    };
    const webApps = webAppsOf(module);
    if (webApps.length) facts.webApps = webApps.map((app) => ({ framework: app.framework, start: app.start, end: app.end }));
    if (importsMetricsPackage(module)) facts.metricsLibraryImported = true;
    return { findings: result.findings, facts };
  },
};
