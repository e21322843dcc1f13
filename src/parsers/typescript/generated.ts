/**
 * Generated TS/JS that is not analysed: minified code and bundles. TypeScript's parser and the
 * conversion to ESTree take about a second per megabyte (more on a busy machine, and minified code
 * packs more nodes per byte), so one bundle could hold up a workspace check or the editor for
 * seconds; and a finding in generated code points at a line nobody edits.
 *
 * The signals are the ones such files carry and hand-written code does not: a `.min.js` name;
 * lines averaging hundreds of characters (in node_modules, every hand-written or merely bundled
 * file averages under 60, every minified one over 100); and sheer size (bundles of whole libraries
 * run to megabytes, while a hand-written module over 512 KB is a rarity).
 */

/** TS/JS text longer than this is treated as generated. */
export const MAX_SCRIPT_CHARS = 512 * 1024;
/** Minification is only worth detecting (and only detected) from this size up: smaller files parse in milliseconds. */
const MINIFIED_MIN_CHARS = 32 * 1024;
/** Average characters per line above which a file is minified. */
const MINIFIED_LINE_LENGTH = 500;

/** Why a TS/JS file is not analysed as generated code, or undefined for code to analyse. */
export function generatedCode(text: string, path: string): string | undefined {
  if (text.length > MAX_SCRIPT_CHARS) {
    return `looks like a generated bundle (${kilobytes(text.length)} KB; TS/JS files over ${kilobytes(MAX_SCRIPT_CHARS)} KB are not analysed)`;
  }
  if (text.length < MINIFIED_MIN_CHARS) return undefined;
  if (/\.min\.[cm]?js$/i.test(path)) return 'looks like minified code (a .min.js file); generated code is not analysed';
  const average = text.length / lineCount(text);
  if (average > MINIFIED_LINE_LENGTH) {
    return `looks like minified code (lines average ${Math.round(average)} characters); generated code is not analysed`;
  }
  return undefined;
}

function lineCount(text: string): number {
  // `\r` alone ends lines only in files without any `\n`.
  const eol = text.includes('\n') ? '\n' : '\r';
  let lines = 1;
  for (let index = text.indexOf(eol); index >= 0; index = text.indexOf(eol, index + 1)) lines++;
  return lines;
}

function kilobytes(chars: number): number {
  return Math.round(chars / 1024);
}
