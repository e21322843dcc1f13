import { parseTree, printParseErrorCode, findNodeAtLocation, type Node, type ParseError } from 'jsonc-parser';
import type { LanguageAdapter } from '../../core/languages';
import { LineIndex } from '../../core/text';
import { ManifestRunner } from '../manifestRule';
import { isCommitHash, type DeclaredDependency } from '../dependencies';
import { MAX_MANIFEST_CHARS, jsonTooDeepAt, tooDeep, tooLarge } from '../limits';
import { hasNpmLockfile } from '../lockfile/versions';
import { packageJsonDeployment } from './deployment';

/**
 * package.json through jsonc-parser, which keeps every node's offset. Invalid JSON is skipped with the
 * first parse error and its line and column. Only `dependencies` are checked (devDependencies do not
 * ship); ranges are pinned in effect when an npm-family lockfile sits beside the file.
 */
export const packageJsonAdapter: LanguageAdapter = {
  async analyze(input) {
    if (input.text.length > MAX_MANIFEST_CHARS) return { findings: [], skipped: tooLarge(input.text) };
    const deep = jsonTooDeepAt(input.text);
    if (deep >= 0) {
      const position = new LineIndex(input.text).position(deep);
      return { findings: [], skipped: tooDeep(`${position.line + 1}:${position.column + 1}: `) };
    }
    const errors: ParseError[] = [];
    const root = parseTree(input.text, errors, { allowTrailingComma: false, disallowComments: true });
    if (errors.length || !root) {
      const error = errors[0];
      const position = error ? new LineIndex(input.text).position(error.offset) : undefined;
      const where = position ? `${position.line + 1}:${position.column + 1}: ` : '';
      return { findings: [], skipped: `${where}invalid JSON: ${error ? printParseErrorCode(error.error) : 'empty document'}` };
    }
    const dependencies: DeclaredDependency[] = [];
    const section = findNodeAtLocation(root, ['dependencies']);
    if (section?.type === 'object') {
      for (const property of section.children ?? []) {
        const [key, value] = property.children ?? [];
        if (!key || !value || typeof key.value !== 'string') continue;
        dependencies.push(npmDependency(key, value));
      }
    }
    const runner = new ManifestRunner(input);
    runner.run('dependencies', { path: input.path, text: input.text, dependencies, npmLockfilePresent: hasNpmLockfile(input.path) });
    return { findings: runner.findings, facts: { deployment: packageJsonDeployment(root, input.text) } };
  },
};

function npmDependency(key: Node, value: Node): DeclaredDependency {
  const name = key.value as string;
  const base = { ecosystem: 'npm' as const, name, start: key.offset, end: value.offset + value.length };
  if (value.type !== 'string') return { ...base, pin: 'fixed-source', constraint: 'not a version string' };
  const spec = (value.value as string).trim();
  const pinEdit = (version: string) => ({ start: value.offset, end: value.offset + value.length, text: JSON.stringify(version) });
  if (/^(file:|link:|workspace:|portal:|patch:|https?:\/\/)/.test(spec)) return { ...base, pin: 'fixed-source', constraint: spec };
  if (/^(git(\+[a-z]+)?:|github:|gitlab:|bitbucket:|gist:)/.test(spec) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(spec)) {
    const ref = spec.includes('#') ? spec.slice(spec.indexOf('#') + 1).replace(/^commit[:=]/, '') : undefined;
    return {
      ...base,
      pin: isCommitHash(ref) ? 'fixed-source' : 'vcs-unpinned',
      constraint: ref ? `git ref ${ref}` : 'git without a commit',
    };
  }
  const version = spec.startsWith('npm:') ? spec.slice(spec.lastIndexOf('@') + 1) : spec;
  const exact = /^=?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version);
  return {
    ...base,
    pin: exact ? 'exact' : 'loose',
    constraint: spec || 'no version',
    pinEdit: spec.startsWith('npm:') ? undefined : pinEdit,
  };
}
