/** Manifests larger than this are not parsed: no hand-written manifest is this big, and parsing one would stall the editor. */
export const MAX_MANIFEST_CHARS = 10 * 1024 * 1024;

export function tooLarge(text: string): string {
  return `file too large to analyse (${(text.length / (1024 * 1024)).toFixed(1)} MB; the limit is ${MAX_MANIFEST_CHARS / (1024 * 1024)} MB)`;
}

/** JSON nested deeper than this is not parsed: the JSON parsers recurse per level and would run out of stack. */
export const MAX_JSON_NESTING = 1000;

/**
 * The offset of the first `[` or `{` that opens level `limit + 1` outside strings, or -1. Linear, one
 * pass; it follows JSON's string and escape rules so brackets inside strings do not count.
 */
export function jsonTooDeepAt(text: string, limit = MAX_JSON_NESTING): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > limit) return i;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) depth--;
  }
  return -1;
}

export function tooDeep(where: string, limit = MAX_JSON_NESTING): string {
  return `${where}nested more than ${limit.toLocaleString('en-US')} levels deep; not analysed`;
}
