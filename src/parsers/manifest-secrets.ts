/**
 * `hardcoded-secret` for deployment artifacts (Dockerfile ENV/ARG, Kubernetes `env:`, compose
 * `environment:`), exactly as rules.md "Precise definitions" says: the variable's name ends in a
 * secret word, or the value has a known key format; placeholders and short values never match.
 */

const SECRET_LAST_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'pwd', 'apikey']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private']);
const KNOWN_KEY_FORMATS: ReadonlyArray<[RegExp, string]> = [
  [/^sk-ant-[A-Za-z0-9_-]{20,}$/, 'an Anthropic API key'],
  [/^sk-(?:proj-)?[A-Za-z0-9_-]{20,}$/, 'an OpenAI API key'],
  [/^AKIA[0-9A-Z]{16}$/, 'an AWS access key id'],
  [/^hf_[A-Za-z0-9]{20,}$/, 'a Hugging Face token'],
  [/^ghp_[A-Za-z0-9]{20,}$/, 'a GitHub token'],
  [/^xox[bp]-[A-Za-z0-9-]{10,}$/, 'a Slack token'],
];
const PLACEHOLDER_PARTS = [
  'your',
  'example',
  'sample',
  'changeme',
  'placeholder',
  'dummy',
  'fake',
  'test',
  'any-',
  'xxx',
  'not-needed',
  '<',
  '${',
  '{{',
];

/** The words of a name: split on `_`, `-` and camelCase, lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .split(/[_\-.\s]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (!last) return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  return last === 'key' && words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2]);
}

export function isPlaceholder(value: string, name?: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_PARTS.some((part) => lower.includes(part))) return true;
  if (lower === 'empty' || lower === 'none') return true;
  // Shell and compose interpolation (`$TOKEN`) is a reference, not a value.
  if (value.startsWith('$')) return true;
  return name !== undefined && lower === name.toLowerCase();
}

/** Why a name/value pair is a hardcoded secret, or undefined when it is not. */
export function secretKind(name: string | undefined, value: string): string | undefined {
  if (isPlaceholder(value, name)) return undefined;
  for (const [format, label] of KNOWN_KEY_FORMATS) if (format.test(value)) return label;
  if (name === undefined || !isSecretName(name)) return undefined;
  if (value.length < 8 || /\s/.test(value)) return undefined;
  return 'a secret';
}

/** A secret shown in messages: first and last characters only. */
export function maskSecret(value: string): string {
  if (value.length <= 2) return '*'.repeat(value.length);
  return `${value[0]}${'*'.repeat(Math.min(value.length - 2, 8))}${value[value.length - 1]}`;
}
