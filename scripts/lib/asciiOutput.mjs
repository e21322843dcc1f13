// Keeps bundles pure ASCII. esbuild escapes non-ASCII characters in code (charset 'ascii', its
// default) but copies the comments it keeps on class members verbatim, and one `→` in a comment
// makes Node decode the whole file into a two-byte string: slower to read and to scan (~15% of
// the engine bundle's require time). Only comment lines are rewritten, as `\uXXXX`; a file with
// non-ASCII anywhere else is left alone.
import { readFileSync, writeFileSync } from 'node:fs';

const NON_ASCII = /[^\x00-\x7f]/;
const COMMENT_LINE = /^\s*(\/\/|\/\*|\*)/;

/** Rewrites the non-ASCII characters of comment lines in each given .js file; returns the files left with non-ASCII code. */
export function asciiOutput(files) {
  const left = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (!NON_ASCII.test(text)) continue;
    const lines = text.split('\n');
    if (lines.some((line) => NON_ASCII.test(line) && !COMMENT_LINE.test(line))) {
      left.push(file);
      continue;
    }
    const escape = (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
    writeFileSync(file, lines.map((line) => line.replace(new RegExp(NON_ASCII, 'g'), escape)).join('\n'));
  }
  return left;
}
