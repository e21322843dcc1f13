import { parse as parseToml, TomlError } from 'smol-toml';
import type { LanguageAdapter } from '../../core/languages';
import { ManifestRunner } from '../manifestRule';
import { isCommitHash, normalizeDistribution, type DeclaredDependency } from '../dependencies';
import { MAX_MANIFEST_CHARS, tooLarge } from '../limits';
import { parseRequirements } from '../requirements/parse';
import { locateToml, type TomlEntry, type TomlString } from './locate';

/**
 * pyproject.toml (PEP 621 `[project]`, Poetry) and Pipfile. smol-toml validates the file and gives
 * the values; `locateToml` gives the positions. Invalid TOML is skipped with smol-toml's reason and
 * its line and column. Only runtime dependencies are checked for pins (dev groups never ship), but
 * every declared distribution counts for missing-dependency.
 */
export const tomlAdapter: LanguageAdapter = {
  async analyze(input) {
    if (input.text.length > MAX_MANIFEST_CHARS) return { findings: [], skipped: tooLarge(input.text) };
    let data: Record<string, unknown>;
    try {
      data = parseToml(input.text) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof TomlError) {
        return {
          findings: [],
          skipped: `${error.line}:${error.column}: invalid TOML: ${error.message.split('\n')[0].replace(/^Invalid TOML document: /, '')}`,
        };
      }
      return { findings: [], skipped: `invalid TOML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
    }
    const entries = locateToml(input.text);
    const declared = input.kind === 'pipfile' ? pipfileDependencies(entries, input.text) : pyprojectDependencies(entries, input.text);
    const runner = new ManifestRunner(input);
    runner.run('dependencies', { path: input.path, text: input.text, dependencies: declared.checked });
    const project = data.project as { name?: unknown } | undefined;
    const poetry = (data.tool as { poetry?: { name?: unknown } } | undefined)?.poetry;
    const name = typeof project?.name === 'string' ? project.name : typeof poetry?.name === 'string' ? poetry.name : undefined;
    const isPythonManifest = input.kind === 'pipfile' || declared.all.length > 0 || project !== undefined || poetry !== undefined;
    return {
      findings: runner.findings,
      facts: {
        pythonManifest: isPythonManifest || undefined,
        pythonDistributions: declared.all.map(normalizeDistribution),
        pythonProjectName: name,
        dependencyInsert: input.kind === 'pyproject' ? dependencyInsert(entries, input.text) : undefined,
      },
    };
  },
};

/** Where the missing-dependency fix adds a requirement: `[project] dependencies`, else Poetry's table. */
function dependencyInsert(entries: TomlEntry[], text: string) {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const array = entries.find((entry) => entry.table.join('.') === 'project' && same(entry.key, ['dependencies']) && entry.items);
  if (array?.items) {
    const last = array.items[array.items.length - 1];
    if (!last) return { offset: array.valueStart + 1, before: '', after: '', style: 'pep508' as const };
    const multiline = text.slice(array.valueStart, array.valueEnd).includes('\n');
    const lineStart = text.lastIndexOf('\n', last.start - 1) + 1;
    const indent = text.slice(lineStart, last.start).match(/^[ \t]*/)?.[0] ?? '    ';
    const closing = array.valueEnd - 1;
    const closingLine = text.lastIndexOf('\n', closing - 1) + 1;
    if (multiline && text.slice(last.end, closing).includes(',') && !text.slice(closingLine, closing).trim()) {
      // A trailing comma and `]` on its own line: the new item goes on its own line, comments stay put.
      return { offset: closingLine, before: indent, after: `,${eol}`, style: 'pep508' as const };
    }
    return { offset: last.end, before: multiline ? `,${eol}${indent}` : ', ', after: '', style: 'pep508' as const };
  }
  const poetry = entries.filter((entry) => entry.table.join('.') === 'tool.poetry.dependencies' && entry.key.length === 1);
  const lastEntry = poetry[poetry.length - 1];
  if (lastEntry) {
    const lineEnd = text.indexOf('\n', lastEntry.valueEnd);
    return lineEnd < 0
      ? { offset: text.length, before: eol, after: '', style: 'poetry' as const }
      : { offset: lineEnd + 1, before: '', after: eol, style: 'poetry' as const };
  }
  return undefined;
}

interface Declared {
  /** Runtime dependencies: checked for pins. */
  checked: DeclaredDependency[];
  /** Every declared name (runtime, optional, dev groups). */
  all: string[];
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((part, i) => part === b[i]);

function pyprojectDependencies(entries: TomlEntry[], text: string): Declared {
  const declared: Declared = { checked: [], all: [] };
  for (const entry of entries) {
    const table = entry.table.join('.');
    const key = entry.key;
    // PEP 621 runtime dependencies and extras, PEP 735 groups, uv dev-dependencies: PEP 508 strings.
    const pep508Runtime = table === 'project' && same(key, ['dependencies']);
    const pep508Other =
      (table === 'project' && key[0] === 'optional-dependencies') ||
      table === 'project.optional-dependencies' ||
      table === 'dependency-groups' ||
      (table === 'tool.uv' && same(key, ['dev-dependencies']));
    if ((pep508Runtime || pep508Other) && entry.items) {
      for (const item of entry.items) {
        const dependency = pep508Dependency(item);
        if (!dependency) continue;
        declared.all.push(dependency.name);
        if (pep508Runtime) declared.checked.push(dependency);
      }
      continue;
    }
    // Poetry: `[tool.poetry.dependencies]` (runtime) and groups / dev-dependencies (declared only).
    const poetryRuntime = table === 'tool.poetry.dependencies';
    const poetryOther = table === 'tool.poetry.dev-dependencies' || /^tool\.poetry\.group\.[^.]+\.dependencies$/.test(table);
    if ((poetryRuntime || poetryOther) && key.length >= 1) {
      if (key[0].toLowerCase() === 'python') continue;
      if (key.length === 1) {
        declared.all.push(key[0]);
        if (poetryRuntime) {
          const dependency = poetryDependency(entry, entries, text, 'poetry');
          if (dependency) declared.checked.push(dependency);
        }
      }
    }
  }
  return declared;
}

function pipfileDependencies(entries: TomlEntry[], text: string): Declared {
  const declared: Declared = { checked: [], all: [] };
  for (const entry of entries) {
    const table = entry.table.join('.');
    if ((table !== 'packages' && table !== 'dev-packages') || entry.key.length !== 1) continue;
    declared.all.push(entry.key[0]);
    if (table === 'packages') {
      const dependency = poetryDependency(entry, entries, text, 'pipfile');
      if (dependency) declared.checked.push(dependency);
    }
  }
  return declared;
}

/** A PEP 508 string from an array (`"numpy>=1.26"`), with positions inside the string literal. */
function pep508Dependency(item: TomlString): DeclaredDependency | undefined {
  const parsed = parseRequirements(item.value).dependencies[0];
  if (!parsed) return undefined;
  const shift = item.start + 1;
  if (!item.verbatim) return { ...parsed, start: item.start, end: item.end, pinEdit: undefined };
  const pinEdit = parsed.pinEdit;
  return {
    ...parsed,
    start: item.start,
    end: item.end,
    pinEdit: pinEdit
      ? (version: string) => {
          const edit = pinEdit(version);
          return { ...edit, start: edit.start + shift, end: edit.end + shift };
        }
      : undefined,
  };
}

/**
 * A Poetry or Pipfile table entry: `name = "^1.2"` / `name = {version = "..."}` / `name = {git = "...", rev = "..."}`.
 * Poetry reads a bare version as exact; Pipfile needs `==`.
 */
function poetryDependency(
  entry: TomlEntry,
  entries: TomlEntry[],
  text: string,
  flavour: 'poetry' | 'pipfile',
): DeclaredDependency | undefined {
  const name = entry.key[0];
  const start = entry.keyStart;
  const end = entry.valueEnd;
  // Multi-line values (arrays of constraints) still sit on the key's line.
  const lineEnd = text.indexOf('\n', start);
  const findingEnd = lineEnd >= 0 && lineEnd < end ? lineEnd : end;
  const base = { ecosystem: 'python' as const, name, start, end: findingEnd };
  const pinText = (version: string) => (flavour === 'poetry' ? version : `==${version}`);
  if (entry.string) {
    const version = entry.string.value.trim();
    const literal = entry.string;
    return {
      ...base,
      pin: isExactVersion(version, flavour) ? 'exact' : 'loose',
      constraint: version || 'no version',
      pinEdit: (locked) => ({ start: literal.start, end: literal.end, text: `"${pinText(locked)}"` }),
    };
  }
  const inner = entries.filter(
    (other) =>
      other.table === entry.table &&
      other.key.length === 2 &&
      other.key[0] === name &&
      other.keyStart > entry.keyStart &&
      other.keyStart < entry.valueEnd,
  );
  const field = (key: string) => inner.find((other) => other.key[1] === key);
  if (field('path') || field('url') || field('file')) return { ...base, pin: 'fixed-source', constraint: 'local or direct source' };
  const git = field('git') ?? field('hg') ?? field('svn');
  if (git) {
    const ref = field('rev') ?? field('ref');
    const refValue = ref?.string?.value;
    if (isCommitHash(refValue)) return { ...base, pin: 'fixed-source', constraint: 'VCS commit' };
    return {
      ...base,
      pin: 'vcs-unpinned',
      constraint: refValue ? `VCS ref ${refValue}` : field('tag') ? `VCS tag ${field('tag')?.string?.value}` : 'VCS without a commit',
    };
  }
  const version = field('version');
  if (version?.string) {
    const literal = version.string;
    return {
      ...base,
      pin: isExactVersion(literal.value.trim(), flavour) ? 'exact' : 'loose',
      constraint: literal.value.trim() || 'no version',
      pinEdit: (locked) => ({ start: literal.start, end: literal.end, text: `"${pinText(locked)}"` }),
    };
  }
  if (entry.items !== undefined) return { ...base, pin: 'loose', constraint: 'multiple constraints' };
  return { ...base, pin: 'loose', constraint: 'no version' };
}

function isExactVersion(version: string, flavour: 'poetry' | 'pipfile'): boolean {
  if (/^===?\s*[0-9][^*,\s<>~^|]*$/.test(version) && !version.endsWith('.*')) return true;
  // Poetry: a bare version (`1.2.3`) or `=1.2.3` is exact.
  return flavour === 'poetry' && /^=?\s*[0-9][0-9A-Za-z.+!-]*$/.test(version) && !/[*]/.test(version);
}
