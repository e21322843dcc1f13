import type { CommandFact, DockerBuildFact, ScriptFacts } from '../../deployment/facts';
import { shellCommand } from '../../deployment/shell';
import { LineIndex } from '../../core/text';

/**
 * What a script-like file runs (deployment.md §1): every command with its line, and among them the
 * image builds (`docker build -t NAME --target X -f F CTX`), `docker run IMAGE [CMD]`,
 * `gcloud run deploy` and compose/Swarm start-ups. Shared by shell scripts, Makefiles, justfiles,
 * CI workflows and Cloud Build files.
 */
export function scriptFacts(commands: CommandFact[]): ScriptFacts {
  const facts: ScriptFacts = { commands, builds: [], runs: [], cloudRun: [], composeUp: false };
  for (const command of commands) {
    for (const segment of command.segments) {
      const words = stripPrefixes(segment);
      const program = (words[0] ?? '').replace(/^.*\//, '');
      const rest = words.slice(1);
      if (program === 'docker' || program === 'podman') {
        const verb = rest[0] === 'buildx' || rest[0] === 'image' || rest[0] === 'container' ? rest[1] : rest[0];
        const args = rest.slice(rest.indexOf(verb ?? '') + 1);
        if (verb === 'build') facts.builds.push(dockerBuild(args, command.line));
        else if (verb === 'run') {
          const run = dockerRun(args, command.line);
          if (run) facts.runs.push(run);
        } else if (verb === 'compose' && rest.includes('up')) facts.composeUp = true;
        else if (verb === 'stack' && rest[1] === 'deploy') facts.composeUp = true;
      } else if (program === 'docker-compose' && rest.includes('up')) facts.composeUp = true;
      else if (program === 'gcloud') {
        const run = rest.indexOf('run');
        if (run >= 0 && rest[run + 1] === 'deploy') {
          facts.cloudRun.push({ image: optionValue(rest, ['--image']), source: optionValue(rest, ['--source']), line: command.line });
        }
      }
    }
  }
  return facts;
}

/** Drops `sudo`, `exec`, `time`, `nohup`, `env`, leading `VAR=value` and Make's `@`/`-` prefixes. */
export function stripPrefixes(words: readonly string[]): string[] {
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i].replace(/^[@+-]+(?=\w)/, '');
    if (/^\w+=/.test(word) || /^(sudo|exec|time|nohup|env|then|do|else|!)$/.test(word)) continue;
    break;
  }
  return words.slice(i).map((word, index) => (index === 0 ? word.replace(/^[@+-]+(?=[\w./$])/, '') : word));
}

function optionValue(words: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    for (const name of names) {
      if (words[i] === name) return words[i + 1];
      if (words[i].startsWith(`${name}=`)) return words[i].slice(name.length + 1);
    }
  }
  return undefined;
}

const BUILD_FLAGS = new Set(['--no-cache', '--pull', '--push', '--load', '-q', '--quiet', '--rm', '--force-rm', '--squash', '--compress']);

function dockerBuild(args: readonly string[], line: number): DockerBuildFact {
  const fact: DockerBuildFact = { tags: [], line };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const eq = word.indexOf('=');
    const name = word.startsWith('--') && eq > 0 ? word.slice(0, eq) : word;
    const value = () => (word.startsWith('--') && eq > 0 ? word.slice(eq + 1) : args[++i]);
    if (name === '-t' || name === '--tag') fact.tags.push(value() ?? '');
    else if (name === '--target') fact.target = value()?.toLowerCase();
    else if (name === '-f' || name === '--file') fact.dockerfile = value();
    else if (BUILD_FLAGS.has(name)) continue;
    else if (word.startsWith('-')) {
      if (!(word.startsWith('--') && eq > 0)) i++;
    } else fact.context ??= word;
  }
  return fact;
}

const RUN_FLAGS = new Set(['-d', '--detach', '-i', '-t', '-it', '-ti', '--rm', '--privileged', '--init', '--interactive', '--tty', '-P']);

function dockerRun(args: readonly string[], line: number) {
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (RUN_FLAGS.has(word) || (word.startsWith('--') && word.includes('='))) continue;
    if (/^-[a-zA-Z]{2,}$/.test(word) && /^-[dit]+$/.test(word)) continue;
    if (word.startsWith('-')) {
      i++;
      continue;
    }
    const command = args.slice(i + 1);
    return { image: word, command: command.length ? command : undefined, line };
  }
  return undefined;
}

/**
 * The commands of a shell script, one per logical line (continuations joined), with lines and offsets.
 * Heredoc bodies are skipped: they are data, not commands.
 */
export function shellScriptCommands(text: string, lines = new LineIndex(text)): CommandFact[] {
  const commands: CommandFact[] = [];
  const rawLines = text.split('\n');
  let offset = 0;
  let heredoc: string | undefined;
  for (let index = 0; index < rawLines.length; index++) {
    const start = offset;
    let logical = rawLines[index];
    offset += rawLines[index].length + 1;
    if (heredoc !== undefined) {
      if (logical.trim() === heredoc) heredoc = undefined;
      continue;
    }
    while (/\\\r?$/.test(logical) && index + 1 < rawLines.length) {
      index++;
      logical = `${logical.replace(/\\\r?$/, '')} ${rawLines[index]}`;
      offset += rawLines[index].length + 1;
    }
    const marker = /<<-?\s*['"]?(\w+)['"]?/.exec(logical);
    if (marker) heredoc = marker[1];
    if (!logical.trim() || logical.trim().startsWith('#')) continue;
    const command = shellCommand(logical, lines.position(start).line + 1, start, Math.max(start, offset - 1));
    if (command.segments.length) commands.push(command);
  }
  return commands;
}

/** A Makefile's or justfile's recipe lines as commands, with simple `NAME = value` variables expanded. */
export function recipeCommands(text: string, style: 'make' | 'just'): CommandFact[] {
  const variables = new Map<string, string>();
  const assignment = style === 'make' ? /^([A-Za-z_][\w-]*)\s*(?::?=|\?=|:::?=)\s*(.*)$/ : /^([A-Za-z_][\w-]*)\s*:=\s*(.*)$/;
  for (const line of text.split('\n')) {
    const match = assignment.exec(line);
    if (match && !/^\s/.test(line)) variables.set(match[1], match[2].trim().replace(/^(["'])(.*)\1$/, '$2'));
  }
  const substitute = (line: string) =>
    style === 'make'
      ? line.replace(/\$[({](\w+)[)}]/g, (whole, name: string) => variables.get(name) ?? whole)
      : line.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => variables.get(name) ?? whole);
  const recipe = style === 'make' ? /^\t/ : /^(\t| {2,})/;
  const commands: CommandFact[] = [];
  let offset = 0;
  const rawLines = text.split('\n');
  for (let index = 0; index < rawLines.length; index++) {
    const start = offset;
    const firstLine = index + 1;
    let logical = rawLines[index];
    offset += rawLines[index].length + 1;
    if (!recipe.test(logical)) continue;
    while (/\\\r?$/.test(logical) && index + 1 < rawLines.length) {
      index++;
      logical = `${logical.replace(/\\\r?$/, '')} ${rawLines[index]}`;
      offset += rawLines[index].length + 1;
    }
    const body = substitute(logical.trim()).replace(/^[@+-]+/, '');
    if (!body || body.startsWith('#')) continue;
    const command = shellCommand(body, firstLine, start, Math.max(start, offset - 1));
    if (command.segments.length) commands.push(command);
  }
  return commands;
}
