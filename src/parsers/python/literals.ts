/**
 * Reads a Python string literal straight from the source text, without touching the tree: the
 * literal rules (paths, secrets, devices) look at every string, and the first characters decide
 * almost all of them, so they never need the WASM side for the common case.
 */

import { identifierWords } from '../../core/identifiers';

export interface StringLiteral {
  /** Lower-cased prefix letters (`r`, `b`, `f`, `rb`, ...). */
  prefix: string;
  /** `"`, `'`, `"""` or `'''`. */
  quote: string;
  /** Offset of the first character of the content. */
  contentStart: number;
  /** The raw content between the quotes (escapes not decoded). */
  value: string;
  /** Offset just after the closing quote. */
  end: number;
  isFString: boolean;
  isBytes: boolean;
}

/** The character offset where the content of the literal at `start` begins, or -1 if it is not a literal. */
export function literalContentStart(text: string, start: number): number {
  let i = start;
  while (i < start + 3 && /[rRbBuUfF]/.test(text[i] ?? '')) i++;
  const q = text[i];
  if (q !== '"' && q !== "'") return -1;
  return text.startsWith(q.repeat(3), i) ? i + 3 : i + 1;
}

/** Reads the literal starting at `start` (a `string` node's start). */
export function readStringLiteral(text: string, start: number): StringLiteral | undefined {
  let i = start;
  while (i < start + 3 && /[rRbBuUfF]/.test(text[i] ?? '')) i++;
  const prefix = text.slice(start, i).toLowerCase();
  const q = text[i];
  if (q !== '"' && q !== "'") return undefined;
  const quote = text.startsWith(q.repeat(3), i) ? q.repeat(3) : q;
  const contentStart = i + quote.length;
  const raw = prefix.includes('r');
  let j = contentStart;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '\\' && !raw) {
      j += 2;
      continue;
    }
    if (ch === '\\' && raw) {
      // In raw strings a backslash still keeps the next quote from closing the literal.
      j += 2;
      continue;
    }
    if (text.startsWith(quote, j)) break;
    if (quote.length === 1 && (ch === '\n' || ch === '\r')) return undefined;
    j++;
  }
  if (j >= text.length) return undefined;
  return {
    prefix,
    quote,
    contentStart,
    value: text.slice(contentStart, j),
    end: j + quote.length,
    isFString: prefix.includes('f'),
    isBytes: prefix.includes('b'),
  };
}

/** A Python double-quoted literal holding `value` (raw content of a plain, non-raw literal quoted with `from`). */
export function requote(value: string, from: string): string {
  if (from === '"') return `"${value}"`;
  // Content of a '...' literal: unescaped double quotes need escaping; \' stays valid. One linear pass.
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\') {
      out += ch + (value[i + 1] ?? '');
      i++;
    } else out += ch === '"' ? '\\"' : ch;
  }
  return `"${out}"`;
}

/** `model_dir` → `MODEL_DIR`, `openaiApiKey` → `OPENAI_API_KEY`, `self.cacheDir` → `CACHE_DIR`. */
export function envVarName(name: string): string {
  const last = name.slice(name.lastIndexOf('.') + 1);
  return identifierWords(last).join('_').toUpperCase();
}

/** Environment variables a derived name must never shadow: reading them would pick up the system's value. */
export const RESERVED_ENV_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'PWD',
  'SHELL',
  'TMPDIR',
  'TEMP',
  'TMP',
  'LANG',
  'TERM',
  'PYTHONPATH',
  'PYTHONHOME',
  'ROOT',
  'DIR',
  'FILE',
  'CWD',
  'OLDPWD',
  'HOSTNAME',
  'LOGNAME',
]);
