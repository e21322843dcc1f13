import type { Finding } from '../core/types';

/**
 * Which quick fix the editor marks preferred (what "Auto Fix" and the lightbulb's first entry
 * apply): a safe fix, for the finding under the cursor. On `requests.post(...)` both
 * missing-timeout (add `timeout=`, safe) and missing-fallback (wrap in try/except, unsafe: it
 * changes what the handler answers) have fixes; the timeout is the one to prefer. Unsafe fixes are
 * never preferred, so applying the preferred fix never rewrites behaviour the user did not choose.
 * Among safe fixes, the innermost finding containing the cursor wins, then the nearest one.
 */
export function preferredFinding(findings: readonly Finding[], cursor: number): Finding | undefined {
  let best: Finding | undefined;
  const distance = (finding: Finding) =>
    cursor < finding.start ? finding.start - cursor : cursor > finding.end ? cursor - finding.end : 0;
  for (const finding of findings) {
    if (!finding.fix?.safe) continue;
    if (!best) {
      best = finding;
      continue;
    }
    const [a, b] = [distance(finding), distance(best)];
    if (a < b || (a === b && finding.end - finding.start < best.end - best.start)) best = finding;
  }
  return best;
}
