/**
 * The words of an identifier, for the rules that read meaning from names (secrets, paths) and derive
 * environment variable names from them. One left-to-right pass over the characters: names come from
 * file content, and a regex with an acronym rule backtracked quadratically on long capital runs.
 */

const isUpper = (code: number) => code >= 65 && code <= 90;
const isLower = (code: number) => code >= 97 && code <= 122;
const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * Split on everything but ASCII letters and digits, and on camelCase: `openaiApiKey` → openai, Api, Key;
 * `AWSSecretKey` → AWS, Secret, Key; `OPENAI_API_KEY` → OPENAI, API, KEY; `v2Key` → v, 2, Key. A run of
 * capitals is one word (an acronym), except that its last capital starts the next word when lower-case
 * letters follow (`HTTPServer` → HTTP, Server). Case is kept.
 */
export function identifierWords(name: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < name.length) {
    const start = i;
    const code = name.charCodeAt(i);
    if (isUpper(code)) {
      while (i < name.length && isUpper(name.charCodeAt(i))) i++;
      if (i < name.length && isLower(name.charCodeAt(i))) {
        if (i - start > 1) i--;
        else while (i < name.length && isLower(name.charCodeAt(i))) i++;
      }
    } else if (isLower(code)) {
      while (i < name.length && isLower(name.charCodeAt(i))) i++;
    } else if (isDigit(code)) {
      while (i < name.length && isDigit(name.charCodeAt(i))) i++;
    } else {
      i++;
      continue;
    }
    words.push(name.slice(start, i));
  }
  return words;
}
