/** Manifests larger than this are not parsed: no hand-written manifest is this big, and parsing one would stall the editor. */
export const MAX_MANIFEST_CHARS = 10 * 1024 * 1024;

export function tooLarge(text: string): string {
  return `file too large to analyse (${(text.length / (1024 * 1024)).toFixed(1)} MB; the limit is ${MAX_MANIFEST_CHARS / (1024 * 1024)} MB)`;
}
