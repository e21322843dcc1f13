/**
 * Secret detection exactly as rules.md "hardcoded-secret, exactly" defines it, shared by hardcoded-secret's Python,
 * TS/JS and manifest implementations and by secret-in-image (which secret names a Dockerfile must not bake in):
 * - a name matches when its last word (split on `_`, `-`, `.` and camelCase) is `token`, `secret`,
 *   `password`, `passwd`, `pwd`, `apikey`, or `key` preceded by `api`, `access`, `secret`, `private`;
 * - its value must be 8+ characters, no whitespace, and not a placeholder;
 * - a value in a known key format matches whatever the name.
 * Messages show a secret only masked: `maskSecret`.
 */

import { identifierWords } from '../core/identifiers';

const SECRET_LAST_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'pwd', 'apikey']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private']);
/** Tokenizer special tokens (`eos_token = "<|endoftext|>"`) are vocabulary, not credentials. */
const TOKENIZER_TOKEN_NAMES =
  /^(eos|bos|pad|unk|sep|cls|mask|start|end|stop|special|additional_special|image|audio|video|chat|boi|eoi|boa|eoa)_?token$/i;
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

/**
 * Documented defaults of local servers, the same on every install (R2.1, R2.5): MinIO's
 * `minioadmin` and Kubeflow's `minio123`, Argilla's `argilla.apikey`, Kubeflow's Dex `12341234`.
 */
const VENDOR_DEFAULTS = new Set(['minioadmin', 'minio123', 'argilla.apikey', '12341234']);

export interface KeyFormat {
  /** What the value is, for messages (`an OpenAI API key`). */
  what: string;
  /** The environment variable a fix reads it from. */
  env: string;
}

const KEY_FORMATS: ReadonlyArray<{ pattern: RegExp } & KeyFormat> = [
  { pattern: /^sk-ant-(?:[a-z0-9]+-)?[A-Za-z0-9_-]{20,}$/, what: 'an Anthropic API key', env: 'ANTHROPIC_API_KEY' },
  { pattern: /^sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}$/, what: 'an OpenAI API key', env: 'OPENAI_API_KEY' },
  { pattern: /^(?:AKIA|ASIA)[0-9A-Z]{16}$/, what: 'an AWS access key id', env: 'AWS_ACCESS_KEY_ID' },
  { pattern: /^hf_[A-Za-z0-9]{30,}$/, what: 'a Hugging Face token', env: 'HF_TOKEN' },
  { pattern: /^(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})$/, what: 'a GitHub token', env: 'GITHUB_TOKEN' },
  { pattern: /^xox[bp]-[A-Za-z0-9-]{10,}$/, what: 'a Slack token', env: 'SLACK_TOKEN' },
];

/** The words of a name (`identifierWords`), lower-cased: `openaiApiKey` → openai, api, key. */
export function nameWords(name: string): string[] {
  return identifierWords(name).map((word) => word.toLowerCase());
}

/** Whether a variable, key, parameter or attribute name names a secret. */
export function isSecretName(name: string): boolean {
  // Only identifier-like names hold secrets: `AWS::MSK::BatchScramSecret` or `"a secret"` are not names.
  if (!/^[A-Za-z_$][\w$.-]*$/.test(name)) return false;
  if (TOKENIZER_TOKEN_NAMES.test(name.replace(/^.*\./, ''))) return false;
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (!last) return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  return last === 'key' && words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2]);
}

/** Placeholders and non-secrets: `your-key`, `<token>`, `${TOKEN}`, `EMPTY`, the name itself, an env var name. */
export function isPlaceholderSecret(value: string, name?: string): boolean {
  const lower = value.toLowerCase();
  if (VENDOR_DEFAULTS.has(lower)) return true;
  if (PLACEHOLDER_PARTS.some((part) => lower.includes(part))) return true;
  if (lower === 'empty' || lower === 'none') return true;
  if (/^(.)\1+$/.test(value)) return true;
  if (name !== undefined) {
    const bare = name.replace(/^.*\./, '').toLowerCase();
    if (lower === bare || lower === name.toLowerCase()) return true;
  }
  // `api_key_env = "OPENAI_API_KEY"`-style values name a variable; they are not the secret.
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value)) return true;
  // Identifiers (`next_token`, `session-token`, `NextToken`, `aws_access_key_id`) name a field, not a credential.
  return /^[A-Za-z]+(?:[_-][A-Za-z]+)*$/.test(value) && (/[_-]/.test(value) || /[a-z][A-Z]/.test(value));
}

/** The known key format a value has, if any (placeholders excluded). */
export function knownKeyFormat(value: string): KeyFormat | undefined {
  if (value.length < 16) return undefined;
  const format = KEY_FORMATS.find((entry) => entry.pattern.test(value));
  if (!format || isPlaceholderSecret(value)) return undefined;
  return { what: format.what, env: format.env };
}

/** A known-format key inside a longer literal (`"Bearer sk-..."`, `"Authorization: token ghp_..."`): the key and its format. */
export function embeddedKeyFormat(value: string): { key: string; format: KeyFormat } | undefined {
  if (value.length < 16 || value.length > 4096) return undefined;
  for (const part of value.split(/[\s"'=:,;]+/)) {
    const format = knownKeyFormat(part);
    if (format) return { key: part, format };
  }
  return undefined;
}

export interface SecretMatch {
  /** `format`: a known key format; `name`: a secret-named target holding a real-looking value. */
  reason: 'format' | 'name';
  /** What it is, for the message. */
  what: string;
  /** The environment variable a fix should read (`OPENAI_API_KEY`, or the name in UPPER_SNAKE). */
  envName: string;
}

/** `openaiApiKey` → `OPENAI_API_KEY`; the last segment of a dotted name. */
export function secretEnvName(name: string): string {
  return nameWords(name.replace(/^.*\./, ''))
    .join('_')
    .replace(/[^a-z0-9_]/g, '')
    .toUpperCase();
}

/**
 * Whether a string value held by `name` (undefined when it has none: a positional argument, a list
 * element) is a hardcoded secret.
 */
export function detectSecret(value: string, name?: string): SecretMatch | undefined {
  const format = knownKeyFormat(value);
  if (format) {
    const envName = name && isSecretName(name) && secretEnvName(name) ? secretEnvName(name) : format.env;
    return { reason: 'format', what: format.what, envName };
  }
  if (!name || value.length < 8 || /\s/.test(value) || !isSecretName(name)) return undefined;
  if (isPlaceholderSecret(value, name)) return undefined;
  return { reason: 'name', what: `a value for ${name}`, envName: secretEnvName(name) };
}

/** Holder names that say what a value is but not whose: `api_key`, `apiKey`, `token`, `access_token`, `password`. */
const GENERIC_WORDS = new Set([
  'api',
  'key',
  'apikey',
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'access',
  'auth',
  'private',
  'client',
  'bearer',
  'app',
]);

/**
 * The variable a secret held by `holder` should come from (R2.2: `OPENAI_API_KEY`, not `API_KEY`):
 * the holder's own name when it says whose key it is (`openai_api_key`, `stripeSecret`); for a
 * generic holder (`api_key`, `apiKey`, `token`), the key format's variable (`format`: `sk-…` →
 * `OPENAI_API_KEY`), else the holder prefixed with its library (`owner`: `PINECONE` →
 * `PINECONE_API_KEY`), else the holder alone.
 */
export function secretVariable(holder: string, format: string | undefined, owner: string | undefined): string {
  const own = secretEnvName(holder);
  if (!nameWords(holder.replace(/^.*\./, '')).every((word) => GENERIC_WORDS.has(word))) return own;
  if (format) return format;
  return owner && !own.startsWith(`${owner}_`) ? `${owner}_${own}` : own;
}

/** `openai` → `OPENAI`, `@anthropic-ai/sdk` → `ANTHROPIC`, `langchain_openai` / `@langchain/openai` → `OPENAI`: a library as an env-name prefix. */
export function libraryPrefix(library: string): string | undefined {
  let name = library.replace(/^@langchain\/|^langchain[_-]/, '');
  if (name.startsWith('@'))
    name = name
      .slice(1)
      .split('/')[0]
      .replace(/-(?:ai|database|js|sdk|hq|labs)$/, '');
  name = name.split(/[./]/)[0];
  const prefix = nameWords(name)
    .join('_')
    .replace(/[^a-z0-9_]/g, '')
    .toUpperCase();
  return /^[A-Z][A-Z0-9_]*$/.test(prefix) ? prefix : undefined;
}

/** A secret as messages, reports and SARIF may show it: first and last characters only. */
export function maskSecret(value: string): string {
  if (value.length <= 2) return '*'.repeat(value.length);
  return `${value[0]}${'*'.repeat(Math.min(value.length - 2, 8))}${value[value.length - 1]}`;
}
