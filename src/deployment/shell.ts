import type { CommandFact, CommandSegments } from './facts';

/**
 * Splits shell text into simple commands, as a POSIX shell reads them: quotes group words, and
 * `&&`, `||`, `;`, `|`, `&` and newlines end a command (a backslash before a newline continues it).
 * `sh -c "a && b"` is split again, so the programs inside are seen. Redirections are dropped.
 */
export function shellSegments(text: string, depth = 0): CommandSegments {
  const segments: CommandSegments = [];
  let words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  const endWord = () => {
    if (inWord) words.push(current);
    current = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) segments.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length && /["\\$`]/.test(text[i + 1])) current += text[++i];
      else current += ch;
      continue;
    }
    if (ch === '\\' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (ch === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 2;
      continue;
    }
    if (ch === '#' && !inWord) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\n' || ch === ';' || ch === '&' || ch === '|') {
      // `2>&1` is a redirection, not a background operator.
      if (ch === '&' && (text[i - 1] === '>' || text[i + 1] === '>')) {
        current += ch;
        inWord = true;
        continue;
      }
      endCommand();
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
    } else if (ch === '(' || ch === ')') {
      endCommand();
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else {
      current += ch;
      inWord = true;
    }
  }
  endCommand();
  const out: CommandSegments = [];
  for (const segment of segments) {
    const cleaned = dropRedirections(segment);
    if (!cleaned.length) continue;
    const inner = shellScriptOf(cleaned);
    if (inner !== undefined && depth < 3) out.push(...shellSegments(inner, depth + 1));
    else out.push(cleaned);
  }
  return out;
}

/** Exec-form words (`["sh", "-c", "uvicorn app:app"]`, `["uvicorn", "app:app"]`) as commands. */
export function execSegments(words: readonly string[]): CommandSegments {
  const inner = shellScriptOf(words);
  if (inner !== undefined) return shellSegments(inner, 1);
  return words.length ? [[...words]] : [];
}

/** The script of `sh -c SCRIPT` / `bash -lc SCRIPT`, if the words are that. */
function shellScriptOf(words: readonly string[]): string | undefined {
  const program = words[0]?.replace(/^.*\//, '');
  if (!program || !/^(sh|bash|ash|dash|zsh)$/.test(program)) return undefined;
  for (let i = 1; i < words.length; i++) {
    if (/^-[a-z]*c[a-z]*$/.test(words[i])) return words[i + 1];
    if (!words[i].startsWith('-')) return undefined;
  }
  return undefined;
}

function dropRedirections(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (/^\d*(>>?|<)&?\d*$/.test(word)) {
      // `> file`: the next word is the target.
      if (!/&\d+$/.test(word)) i++;
      continue;
    }
    if (/^\d*(>>?|<)&?\S+$/.test(word)) continue;
    out.push(word);
  }
  return out;
}

/** A command fact from shell text. */
export function shellCommand(text: string, line: number, start: number, end: number): CommandFact {
  return { segments: shellSegments(text), text: oneLine(text), line, start, end };
}

/** A command fact from exec-form words. */
export function execCommand(words: readonly string[], line: number, start: number, end: number): CommandFact {
  return { segments: execSegments(words), text: oneLine(words.join(' ')), line, start, end, exec: [...words] };
}

function oneLine(text: string): string {
  const flat = text
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
