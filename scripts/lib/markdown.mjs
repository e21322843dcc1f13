// Shared by the report writers (bench.mjs, sweep.mjs): a markdown table and the commit measured.
import { execFileSync } from 'node:child_process';

/** A markdown table from a header row and rows of cells. */
export function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The short hash of HEAD in `cwd`, or 'unknown' outside a git checkout. */
export function gitCommit(cwd) {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
