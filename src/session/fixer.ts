import type { AnalyzeRequest } from '../core/engine';
import { applyFixes } from '../core/fixes';
import type { Fix } from '../core/types';
import { analyzeText } from './engine';

export interface FixOutcome {
  text: string;
  /** Fixes applied over all passes. */
  applied: number;
  /** Why fixing stopped early, if it did (the text is then the last good one). */
  stopped?: string;
}

const MAX_PASSES = 10;

/**
 * Applies every safe fix, re-analysing between passes (fixes that overlapped wait for the next
 * pass), as ESLint's --fix does. A pass that would introduce a syntax error, or a file that cannot
 * be fully analysed, leaves the text as it was: nothing the user wrote is lost.
 */
export async function fixText(request: AnalyzeRequest, which: (fix: Fix) => boolean = (fix) => fix.safe): Promise<FixOutcome> {
  let text = request.text;
  let applied = 0;
  let analysis = await analyzeText({ ...request, text });
  if (analysis.skipped) return { text, applied, stopped: analysis.skipped };
  if (analysis.cells) return { text, applied, stopped: 'fixes are not applied to notebooks from the command line' };
  const hadErrors = analysis.hasSyntaxErrors === true;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = analysis.findings.flatMap((finding) => (finding.fix && which(finding.fix) ? [finding.fix] : []));
    if (!fixes.length) break;
    const next = applyFixes(text, fixes);
    if (!next.applied || next.text === text) break;
    const nextAnalysis = await analyzeText({ ...request, text: next.text });
    if (nextAnalysis.skipped || (!hadErrors && nextAnalysis.hasSyntaxErrors)) {
      return { text, applied, stopped: 'a fix would have left the file invalid; it was not applied' };
    }
    text = next.text;
    applied += next.applied;
    analysis = nextAnalysis;
  }
  return { text, applied };
}
