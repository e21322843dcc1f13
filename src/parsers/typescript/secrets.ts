/**
 * Secret detection as rules.md defines it: a name whose last word is a secret word, holding a
 * literal that is not a placeholder; or a literal in a known key format whatever its name.
 */

const SECRET_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'pwd', 'apikey']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private']);
const PLACEHOLDER = /your|example|sample|changeme|placeholder|dummy|fake|test|any-|xxx|not-needed|<|\$\{|\{\{/i;

/** Known key formats and the variable a fix reads them from. */
const KEY_FORMATS: Array<{ pattern: RegExp; env: string; what: string }> = [
  { pattern: /sk-ant-[A-Za-z0-9_-]{20,}/, env: 'ANTHROPIC_API_KEY', what: 'an Anthropic API key' },
  { pattern: /sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/, env: 'OPENAI_API_KEY', what: 'an OpenAI API key' },
  { pattern: /AKIA[0-9A-Z]{16}/, env: 'AWS_ACCESS_KEY_ID', what: 'an AWS access key id' },
  { pattern: /hf_[A-Za-z0-9]{30,}/, env: 'HF_TOKEN', what: 'a Hugging Face token' },
  { pattern: /gh[pousr]_[A-Za-z0-9]{36,}/, env: 'GITHUB_TOKEN', what: 'a GitHub token' },
  { pattern: /xox[bp]-[A-Za-z0-9-]{10,}/, env: 'SLACK_TOKEN', what: 'a Slack token' },
];

/** Words of an identifier: split on `_`, `-` and camelCase (`openaiApiKey` → openai, api, key). */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (!last) return false;
  if (SECRET_WORDS.has(last)) return true;
  return last === 'key' && words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2]);
}

const compact = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

export function isPlaceholder(value: string, name?: string): boolean {
  if (PLACEHOLDER.test(value)) return true;
  const lower = value.toLowerCase();
  if (lower === 'empty' || lower === 'none') return true;
  // The value spells the name (`ACCESS_TOKEN: "AccessToken"`, `tokenMissing: "token_missing"`): an enum or error code.
  return !!name && compact(value) === compact(name);
}

/** A literal that looks like a real secret for a secret-named target. */
export function isSecretValue(value: string, name: string): boolean {
  if (value.length < 8 || /\s/.test(value) || isPlaceholder(value, name)) return false;
  // Paths and URLs (`/oauth2/v2.0/token`, `https://…/token`) name where a secret comes from, not the secret.
  if (/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(value)) return false;
  // Selectors, grammar markers and templates (`[type=password]`, `?NoLineTerminatorHere`) are syntax, not secrets.
  if (/^[?#:.@\[(]|[[\](){}]/.test(value)) return false;
  // snake_case words are identifiers and error codes (`invalid_grant_token`), not generated secrets.
  return !/^[a-z]+(_[a-z]+)+$/.test(value);
}

export function knownKeyFormat(value: string): { env: string; what: string; index: number; length: number } | undefined {
  for (const format of KEY_FORMATS) {
    const match = format.pattern.exec(value);
    if (!match) continue;
    // Inside a longer word it is not a key (`task-…`, `disk-…`).
    if (match.index > 0 && /[A-Za-z0-9]/.test(value[match.index - 1])) continue;
    if (isPlaceholder(match[0])) continue;
    return { env: format.env, what: format.what, index: match.index, length: match[0].length };
  }
  return undefined;
}

/** First and last characters only, as messages, reports and SARIF show secrets. */
export function maskSecret(value: string): string {
  if (value.length <= 2) return '*'.repeat(value.length);
  return `${value[0]}${'*'.repeat(Math.min(value.length - 2, 8))}${value[value.length - 1]}`;
}

/** `openaiApiKey` → `OPENAI_API_KEY`. */
export function envNameFor(name: string): string {
  return nameWords(name)
    .map((word) => word.toUpperCase())
    .join('_')
    .replace(/[^A-Z0-9_]/g, '');
}
