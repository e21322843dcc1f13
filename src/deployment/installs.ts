import * as path from 'path';
import type { InstallFact } from './facts';

const posix = path.posix;

/**
 * Dependency installs in shell commands (deployment.md §3): `pip install -r F` (`-c` constraints,
 * `--require-hashes`), `pip wheel -r F`, `pip install .` / `-e .`, `poetry install`, `uv sync`,
 * `uv pip install -r F`, `pipenv install`, `npm ci` / `npm install`, `yarn`, `pnpm install`.
 * Shared by Dockerfile RUN steps (parsers) and compose/Kubernetes commands (the model).
 */

const PIP_VALUE_OPTIONS =
  /^(-i|--index-url|--extra-index-url|-f|--find-links|-t|--target|--prefix|--root|--src|--trusted-host|--platform|--python-version|--implementation|--abi|--only-binary|--no-binary|--progress-bar|--cache-dir|--log|--timeout|--retries|--proxy|--python|-w|--wheel-dir|--config-settings|-C|--upgrade-strategy|--report)$/;

/** Installs in already split commands (RUN steps, compose/Kubernetes commands). */
export function commandInstalls(segments: string[][], workdir: string, line: number): InstallFact[] {
  const installs: InstallFact[] = [];
  let cwd = workdir;
  for (const original of segments) {
    let words = original;
    while (words[0] && /^\w+=/.test(words[0])) words = words.slice(1);
    const program = (words[0] ?? '').replace(/^.*\//, '');
    if (program === 'cd' && words[1]) {
      cwd = posix.resolve(cwd, words[1]);
      continue;
    }
    const fact = installOf(words, cwd, line);
    if (fact) installs.push(fact);
  }
  return installs;
}

function installOf(words: string[], cwd: string, line: number): InstallFact | undefined {
  const base = (word: string | undefined) => (word ?? '').replace(/^.*\//, '');
  let i = 0;
  // `python -m pip`, `python3.11 -m pip`, `uv pip`, `pip3`.
  if (/^python(\d+(\.\d+)?)?$/.test(base(words[0])) && words[1] === '-m') i = 2;
  const program = base(words[i]);
  const make = (tool: InstallFact['tool']): InstallFact => ({
    tool,
    requirements: [],
    constraints: [],
    projects: [],
    requireHashes: false,
    cwd,
    line,
  });
  const sub = words[i + 1];
  if (/^pip(\d+(\.\d+)?)?$/.test(program) || (program === 'uv' && sub === 'pip')) {
    const offset = program === 'uv' ? i + 2 : i + 1;
    const verb = words[offset];
    if (verb !== 'install' && verb !== 'wheel' && verb !== 'sync') return undefined;
    const fact = make(program === 'uv' ? 'uv-pip' : verb === 'wheel' ? 'pip-wheel' : 'pip');
    for (let j = offset + 1; j < words.length; j++) {
      const word = words[j];
      const eq = word.indexOf('=');
      const name = word.startsWith('--') && eq > 0 ? word.slice(0, eq) : word;
      const inline = word.startsWith('--') && eq > 0 ? word.slice(eq + 1) : undefined;
      const value = () => inline ?? words[++j];
      if (name === '-r' || name === '--requirement') fact.requirements.push(value() ?? '');
      else if (/^-r./.test(word)) fact.requirements.push(word.slice(2));
      else if (name === '-c' || name === '--constraint') fact.constraints.push(value() ?? '');
      else if (name === '--require-hashes') fact.requireHashes = true;
      else if (name === '-e' || name === '--editable') {
        const target = value();
        if (target && /^[./]/.test(target)) fact.projects.push(withoutExtras(target));
      } else if (PIP_VALUE_OPTIONS.test(name) && inline === undefined) j++;
      else if (word.startsWith('-')) continue;
      else if (verb === 'sync' && program === 'uv') fact.requirements.push(word);
      else if (/^(\.|\/)/.test(word) && !/\.(whl|tar\.gz|zip)$/.test(word)) fact.projects.push(withoutExtras(word));
    }
    return fact.requirements.length || fact.projects.length || fact.constraints.length ? fact : undefined;
  }
  if (program === 'poetry' && (sub === 'install' || sub === 'sync')) return make('poetry');
  if (program === 'uv' && sub === 'sync') return make('uv-sync');
  if (program === 'pipenv' && (sub === 'install' || sub === 'sync')) return make('pipenv');
  if (program === 'npm' && sub === 'ci') return make('npm-ci');
  if (program === 'npm' && (sub === 'install' || sub === 'i')) return make('npm-install');
  if (program === 'yarn' && (sub === undefined || sub === 'install' || sub.startsWith('--'))) return make('yarn');
  if (program === 'pnpm' && (sub === 'install' || sub === 'i')) return make('pnpm');
  return undefined;
}

/** `.[dev]` → `.`: the extras of a local install. */
function withoutExtras(target: string): string {
  const bracket = target.indexOf('[');
  return bracket >= 0 ? target.slice(0, bracket) : target;
}
