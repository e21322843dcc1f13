/**
 * Source positions for TOML. `smol-toml` validates and gives values but no positions, so this scanner
 * walks the text once more and records, for every key/value, the table it sits in, the key's and the
 * value's offsets, the string items of arrays and the entries of inline tables. It only runs on text
 * smol-toml has accepted, so it can be lenient about malformed input.
 */
export interface TomlString {
  value: string;
  /** Offsets of the whole literal, quotes included. */
  start: number;
  end: number;
  /** Whether the text between the quotes is the value verbatim (no escapes), so inner offsets map 1:1. */
  verbatim: boolean;
}

export interface TomlEntry {
  /** The table header path the entry sits under (`['tool', 'poetry', 'dependencies']`). */
  table: string[];
  /** The dotted key, relative to the table (inline-table entries extend their parent's key). */
  key: string[];
  keyStart: number;
  valueStart: number;
  valueEnd: number;
  /** When the value is a string. */
  string?: TomlString;
  /** When the value is an array: its string items. */
  items?: TomlString[];
}

export function locateToml(text: string): TomlEntry[] {
  const scanner = new Scanner(text);
  return scanner.run();
}

class Scanner {
  private i = 0;
  private table: string[] = [];
  private readonly entries: TomlEntry[] = [];

  constructor(private readonly text: string) {}

  run(): TomlEntry[] {
    const text = this.text;
    while (this.i < text.length) {
      this.skipSpaceAndComments(true);
      if (this.i >= text.length) break;
      if (text[this.i] === '[') {
        const double = text[this.i + 1] === '[';
        this.i += double ? 2 : 1;
        this.table = this.readKey(double ? ']]' : ']');
        this.i += double ? 2 : 1;
        this.skipToLineEnd();
        continue;
      }
      const before = this.i;
      this.readEntry(this.table, []);
      if (this.i === before) this.skipToLineEnd();
    }
    return this.entries;
  }

  private readEntry(table: string[], parentKey: string[]): void {
    const keyStart = this.i;
    const key = this.readKey('=');
    if (this.text[this.i] !== '=') return;
    this.i++;
    this.skipSpace();
    const valueStart = this.i;
    const entry: TomlEntry = { table, key: [...parentKey, ...key], keyStart, valueStart, valueEnd: valueStart };
    this.entries.push(entry);
    const ch = this.text[this.i];
    if (ch === '"' || ch === "'") entry.string = this.readString();
    else if (ch === '[') entry.items = this.readArray();
    else if (ch === '{') this.readInlineTable(table, entry.key);
    else this.readBare();
    entry.valueEnd = this.i;
  }

  private readKey(terminator: string): string[] {
    const parts: string[] = [];
    const text = this.text;
    while (this.i < text.length) {
      this.skipSpace();
      const ch = text[this.i];
      if (ch === '"' || ch === "'") parts.push(this.readString().value);
      else {
        const match = /^[A-Za-z0-9_-]+/.exec(text.slice(this.i, this.i + 256));
        if (!match) break;
        parts.push(match[0]);
        this.i += match[0].length;
      }
      this.skipSpace();
      if (text[this.i] === '.') {
        this.i++;
        continue;
      }
      break;
    }
    if (!text.startsWith(terminator, this.i)) {
      // Not a key: leave the cursor where it is for the caller to recover.
      return parts;
    }
    return parts;
  }

  private readString(): TomlString {
    const text = this.text;
    const start = this.i;
    const quote = text[this.i];
    const triple = text.startsWith(quote.repeat(3), this.i);
    const delimiter = triple ? quote.repeat(3) : quote;
    this.i += delimiter.length;
    const contentStart = this.i;
    let value = '';
    let verbatim = true;
    while (this.i < text.length && !text.startsWith(delimiter, this.i)) {
      const ch = text[this.i];
      if (quote === '"' && ch === '\\') {
        verbatim = false;
        const next = text[this.i + 1];
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
        if (next in simple) {
          value += simple[next];
          this.i += 2;
        } else if (next === 'u' || next === 'U') {
          const length = next === 'u' ? 4 : 8;
          value += String.fromCodePoint(parseInt(text.slice(this.i + 2, this.i + 2 + length), 16) || 0);
          this.i += 2 + length;
        } else {
          // Line-ending backslash in a multi-line string: trims the following whitespace.
          this.i++;
          while (this.i < text.length && /\s/.test(text[this.i])) this.i++;
        }
        continue;
      }
      if (!(ch === '\n' || ch === '\r') || !triple || this.i !== contentStart) value += ch;
      else verbatim = false;
      this.i++;
    }
    this.i += delimiter.length;
    // Up to two quote characters may close a multi-line string before its delimiter.
    while (triple && text[this.i] === quote && this.i - contentStart < text.length) {
      value += quote;
      this.i++;
    }
    return { value, start, end: this.i, verbatim: verbatim && !triple };
  }

  private readArray(): TomlString[] {
    const items: TomlString[] = [];
    const text = this.text;
    this.i++;
    while (this.i < text.length) {
      this.skipSpaceAndComments(true);
      const ch = text[this.i];
      if (ch === ']') {
        this.i++;
        break;
      }
      if (ch === ',') {
        this.i++;
        continue;
      }
      if (ch === '"' || ch === "'") items.push(this.readString());
      else if (ch === '[') this.readArray();
      else if (ch === '{') this.readInlineTable(undefined, []);
      else {
        const before = this.i;
        this.readBare();
        if (this.i === before) this.i++;
      }
    }
    return items;
  }

  private readInlineTable(table: string[] | undefined, key: string[]): void {
    const text = this.text;
    this.i++;
    while (this.i < text.length) {
      this.skipSpaceAndComments(true);
      const ch = text[this.i];
      if (ch === '}') {
        this.i++;
        return;
      }
      if (ch === ',') {
        this.i++;
        continue;
      }
      const before = this.i;
      if (table) this.readEntry(table, key);
      else {
        this.readKey('=');
        if (text[this.i] === '=') {
          this.i++;
          this.skipSpace();
          const value = text[this.i];
          if (value === '"' || value === "'") this.readString();
          else if (value === '[') this.readArray();
          else if (value === '{') this.readInlineTable(undefined, []);
          else this.readBare();
        }
      }
      if (this.i === before) this.i++;
    }
  }

  private readBare(): void {
    const match = /^[^,\]}\s#]+/.exec(this.text.slice(this.i, this.i + 256));
    if (match) this.i += match[0].length;
    // Date-times may contain one space (`1979-05-27 07:32:00`).
    const more = /^ \d{2}:\d{2}[^,\]}\s#]*/.exec(this.text.slice(this.i, this.i + 64));
    if (more) this.i += more[0].length;
  }

  private skipSpace(): void {
    while (this.i < this.text.length && (this.text[this.i] === ' ' || this.text[this.i] === '\t')) this.i++;
  }

  private skipSpaceAndComments(newlines: boolean): void {
    const text = this.text;
    while (this.i < text.length) {
      const ch = text[this.i];
      if (ch === ' ' || ch === '\t' || (newlines && (ch === '\n' || ch === '\r'))) this.i++;
      else if (ch === '#') this.skipToLineEnd();
      else break;
    }
  }

  private skipToLineEnd(): void {
    while (this.i < this.text.length && this.text[this.i] !== '\n') this.i++;
  }
}
