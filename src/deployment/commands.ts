import * as path from 'path';
import type { CommandSegments, InstallFact } from './facts';
import { join, folderOf, type ProjectFiles } from './files';
import { commandInstalls } from './installs';
import type { Layout } from './layout';
import { execSegments } from './shell';

const posix = path.posix;

/**
 * What a command runs (deployment.md §1): the entry modules of the project it starts, the server
 * program and the port it is told to listen on. Wrappers (`exec`, `poetry run`, `tini --`, `sh -c`,
 * `cd DIR &&`) are looked through; shell scripts of the project and `npm start`-style scripts are
 * followed to the commands they run.
 */

export interface KnownServer {
  name: string;
  health?: string;
  port?: number;
  /** A model server (vLLM, TGI, Triton, Ollama, TorchServe, KServe/MLServer), not a web framework. */
  modelServer: boolean;
}

export interface EntryModule {
  file: string;
  /** Run as a script (`python x.py`, `python -m x`): its `__main__` block runs. */
  asScript: boolean;
  /** Imported by its dotted name (`pkg.mod`): the packages' `__init__.py` run first. */
  byModuleName?: boolean;
}

export interface CommandResolution {
  entries: EntryModule[];
  /** Python import roots the process has (working directory, `--app-dir`, PYTHONPATH), as project folders. */
  roots: string[];
  server?: KnownServer;
  /** The port the command's server flag sets. */
  portFlag?: number;
  /** A port flag is given but not as a literal (`--port $PORT`): the port is set at run time. */
  portFromEnvironment?: boolean;
  /** A `--log-config` (or gunicorn `--log-config`/`-c`) in the command: logging configured. */
  logConfig: boolean;
  installs: Array<InstallFact & { layout: Layout }>;
  /** Project scripts followed (`./entrypoint.sh`, `npm start`). */
  followed: string[];
  /** Why parts of the command did not resolve, for `prodready deployments`. */
  notes: string[];
  /** Next.js `next start`: the project folder of the app. */
  nextApp?: string;
  /** The command ran `bentoml serve` / `serve run` with a config: the artifact it read. */
  configs: string[];
}

export interface CommandContext {
  files: ProjectFiles;
  layout: Layout;
  depth?: number;
}

const SERVERS: Record<string, KnownServer> = {
  uvicorn: { name: 'uvicorn', port: 8000, modelServer: false },
  gunicorn: { name: 'gunicorn', port: 8000, modelServer: false },
  hypercorn: { name: 'hypercorn', port: 8000, modelServer: false },
  'fastapi run': { name: 'fastapi run', port: 8000, modelServer: false },
  'fastapi dev': { name: 'fastapi dev', port: 8000, modelServer: false },
  flask: { name: 'flask run', port: 5000, modelServer: false },
  streamlit: { name: 'streamlit run', port: 8501, health: '/_stcore/health', modelServer: false },
  gradio: { name: 'gradio', port: 7860, modelServer: false },
  bentoml: { name: 'bentoml serve', port: 3000, health: '/healthz', modelServer: false },
  serve: { name: 'serve run', port: 8000, health: '/-/healthz', modelServer: false },
  'seldon-core-microservice': { name: 'seldon-core-microservice', port: 9000, health: '/health/ping', modelServer: true },
  mlserver: { name: 'mlserver', port: 8080, health: '/v2/health/ready', modelServer: true },
  next: { name: 'next start', port: 3000, modelServer: false },
  vllm: { name: 'vLLM', port: 8000, health: '/health', modelServer: true },
  tgi: { name: 'TGI', port: 80, health: '/health', modelServer: true },
  triton: { name: 'Triton', port: 8000, health: '/v2/health/ready', modelServer: true },
  ollama: { name: 'Ollama', port: 11434, health: '/', modelServer: true },
  torchserve: { name: 'TorchServe', port: 8080, health: '/ping', modelServer: true },
  kserve: { name: 'KServe runtime', port: 8080, health: '/v2/health/ready', modelServer: true },
  nginx: { name: 'nginx', port: 80, modelServer: false },
  node: { name: 'node', modelServer: false },
};

/** Model servers known by their image (deployment.md §4). */
export function serverOfImage(image: string | undefined): KnownServer | undefined {
  if (!image) return undefined;
  const name = image.toLowerCase();
  if (/(^|\/)vllm-openai|(^|\/)vllm\/vllm|(^|\/)vllm:/.test(name)) return SERVERS.vllm;
  if (/text-generation-inference/.test(name)) return SERVERS.tgi;
  if (/tritonserver/.test(name)) return SERVERS.triton;
  if (/(^|\/)ollama\/ollama/.test(name)) return SERVERS.ollama;
  if (/torchserve/.test(name)) return SERVERS.torchserve;
  if (/(^|\/)(kserve\/[\w-]*server|seldonio\/mlserver)/.test(name)) return SERVERS.kserve;
  if (/(^|\/)nginx(:|$)/.test(name)) return SERVERS.nginx;
  return undefined;
}

const WRAPPERS = new Set([
  'exec',
  'nohup',
  'sudo',
  'time',
  'env',
  'tini',
  'dumb-init',
  'opentelemetry-instrument',
  'ddtrace-run',
  'then',
  'do',
  'else',
  '!',
]);
const RUNNERS: Record<string, number> = { poetry: 2, pipenv: 2, pdm: 2, hatch: 2, rye: 2, uv: 2, micromamba: 2, conda: 2, mamba: 2 };

/** Values `$PORT`, `${PORT:-8080}`, `8080`, `0.0.0.0:8080`, `:8080` as a port. */
export function portValue(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const fallback = /\$\{\w+:?-(\d+)\}/.exec(value);
  if (fallback) return Number(fallback[1]);
  const match = /(?:^|:)(\d{2,5})$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

export function emptyResolution(): CommandResolution {
  return { entries: [], roots: [], logConfig: false, installs: [], followed: [], notes: [], configs: [] };
}

/** Interprets a command's simple commands in order (a `cd` changes the folder for the ones after it). */
export function resolveCommand(segments: CommandSegments, context: CommandContext, into = emptyResolution()): CommandResolution {
  let layout = context.layout;
  const depth = context.depth ?? 0;
  for (const segment of segments) {
    const words = unwrap(segment);
    if (!words.length) continue;
    if (words[0] === 'cd' && words[1]) {
      layout = layout.at(words[1]);
      continue;
    }
    for (const install of commandInstalls([words], layout.workdir, 0)) into.installs.push({ ...install, layout });
    interpret(words, { ...context, layout, depth }, into);
  }
  return into;
}

/** Drops env assignments, `exec`-like wrappers and `poetry run`-like runners before the program. */
function unwrap(segment: readonly string[]): string[] {
  let words = [...segment];
  for (let guard = 0; guard < 8 && words.length; guard++) {
    const first = words[0].replace(/^.*\//, '');
    if (/^\w+=/.test(words[0])) words = words.slice(1);
    else if (WRAPPERS.has(first)) {
      words = words.slice(1);
      if (words[0] === '--') words = words.slice(1);
      while (first === 'env' && words[0]?.startsWith('-')) words = words.slice(1);
    } else if (first === 'gosu' || first === 'su-exec') words = words.slice(2);
    else if (RUNNERS[first] !== undefined && words[1] === 'run') {
      words = words.slice(2);
      // `conda run -n env python app.py`: skip the runner's own options.
      while (words[0]?.startsWith('-')) words = words.slice(/^(-n|--name|-p|--prefix|--env|-e|--with)$/.test(words[0]) ? 2 : 1);
    } else if (first === 'newrelic-admin' && words[1] === 'run-program') words = words.slice(2);
    else break;
  }
  return words;
}

const VALUE_FLAGS: Record<string, RegExp> = {
  python: /^(-W|-X|-c)$/,
  uvicorn:
    /^(--host|--port|--uds|--fd|--loop|--http|--ws|--lifespan|--env-file|--log-config|--log-level|--workers|--root-path|--limit-concurrency|--backlog|--limit-max-requests|--timeout-keep-alive|--ssl-[\w-]+|--header|--app-dir|--reload-dir|--reload-include|--reload-exclude|--reload-delay|--forwarded-allow-ips|--h11-max-incomplete-event-size|--timeout-graceful-shutdown|--ws-[\w-]+|--interface)$/,
  gunicorn:
    /^(-b|--bind|-w|--workers|-k|--worker-class|-c|--config|-t|--timeout|--threads|--max-requests|--max-requests-jitter|--log-level|--chdir|--access-logfile|--error-logfile|--log-file|--graceful-timeout|--keep-alive|--worker-connections|-n|--name|--pythonpath|-u|--user|-g|--group|-e|--env|--log-config|--access-logformat|--forwarded-allow-ips|--backlog|--worker-tmp-dir|-p|--pid|--limit-request-line|--statsd-host|--certfile|--keyfile)$/,
  hypercorn:
    /^(-b|--bind|-w|--workers|-k|--worker-class|-c|--config|--log-level|--log-config|--access-logfile|--error-logfile|--root-path|--certfile|--keyfile|--keep-alive|--graceful-timeout|--insecure-bind|--quic-bind)$/,
};

function splitOptions(words: readonly string[], valueFlags: RegExp): { options: Map<string, string>; positional: string[] } {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === '--') {
      positional.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith('-') && word.length > 1) {
      const eq = word.indexOf('=');
      if (eq > 0) options.set(word.slice(0, eq), word.slice(eq + 1));
      else if (valueFlags.test(word)) options.set(word, words[++i] ?? '');
      else options.set(word, '');
      continue;
    }
    positional.push(word);
  }
  return { options, positional };
}

function interpret(words: string[], context: Required<CommandContext>, into: CommandResolution): void {
  const { files, layout, depth } = context;
  const program = words[0].replace(/^.*\//, '');
  const args = words.slice(1);
  if (/^python(\d+(\.\d+)*)?$/.test(program) || program === 'pypy3') {
    let i = 0;
    while (i < args.length && args[i].startsWith('-') && args[i] !== '-m' && args[i] !== '-c')
      i += VALUE_FLAGS.python.test(args[i]) ? 2 : 1;
    if (args[i] === '-c' || i >= args.length) return;
    if (args[i] === '-m') {
      const moduleName = args[i + 1] ?? '';
      const rest = args.slice(i + 2);
      const tool = moduleName.split('.')[0];
      if (/^(uvicorn|gunicorn|hypercorn|flask|streamlit|bentoml|mlserver|fastapi|gradio)$/.test(tool) && !moduleName.includes('.')) {
        interpret([tool, ...rest], context, into);
        return;
      }
      if (/^vllm\.entrypoints/.test(moduleName)) return setServer(into, SERVERS.vllm, optionPort(rest, ['--port']));
      if (moduleName === 'ray.serve' || moduleName === 'http.server' || moduleName === 'pip') return;
      const file = pythonModule(moduleName, context);
      if (file) addEntry(into, file, true, true);
      else into.notes.push(`python -m ${moduleName}: no module of the project`);
      return;
    }
    scriptEntry(args[i], context, into, true);
    return;
  }
  if (program === 'uvicorn' || program === 'gunicorn' || program === 'hypercorn') {
    const { options, positional } = splitOptions(args, VALUE_FLAGS[program]);
    const spec = positional.find((word) => /^[\w.]+(:[\w.]+(\(.*\))?)?$/.test(word));
    const flag = options.get('--port') ?? options.get('-b') ?? options.get('--bind');
    const port = portValue(flag);
    setServer(into, SERVERS[program], port);
    if (flag !== undefined && port === undefined && into.portFlag === undefined) into.portFromEnvironment = true;
    if (options.has('--log-config')) into.logConfig = true;
    const appDir = options.get('--app-dir') ?? options.get('--chdir');
    const pythonPath = options.get('--pythonpath');
    const inner = appDir ? layout.at(appDir) : layout;
    if (spec) appEntry(spec.split(':')[0], { ...context, layout: inner }, into, pythonPath ? [pythonPath] : []);
    else into.notes.push(`${program}: no application given`);
    return;
  }
  if (program === 'fastapi') {
    const verb = args[0];
    if (verb !== 'run' && verb !== 'dev') return;
    const { options, positional } = splitOptions(args.slice(1), /^(--host|--port|--app|--root-path|--workers|--entrypoint)$/);
    setServer(into, SERVERS[`fastapi ${verb}`], portValue(options.get('--port')));
    const target = positional[0];
    if (target) {
      scriptEntry(target, context, into, false);
      return;
    }
    const found = ['main.py', 'app.py', 'api.py', 'app/main.py', 'app/app.py', 'app/api.py'].map((name) => layout.file(name)).find(Boolean);
    if (found) addEntry(into, found, false);
    else into.notes.push(`fastapi ${verb}: no main.py or app.py`);
    return;
  }
  if (program === 'flask') {
    const { options, positional } = splitOptions(args, /^(-A|--app|-e|--env-file|-h|--host|-p|--port|--cert|--key)$/);
    const app = options.get('--app') ?? options.get('-A') ?? envOf(words, 'FLASK_APP') ?? layout.env.FLASK_APP;
    if (positional.includes('run')) setServer(into, SERVERS.flask, portValue(options.get('--port') ?? options.get('-p')));
    if (app) appEntry(app.split(':')[0].replace(/\(.*$/, ''), context, into);
    return;
  }
  if (program === 'streamlit' && args[0] === 'run') {
    const { options, positional } = splitOptions(args.slice(1), /^--[\w.]+$/);
    setServer(into, SERVERS.streamlit, portValue(options.get('--server.port')));
    if (positional[0]) scriptEntry(positional[0], context, into, true);
    return;
  }
  if (program === 'gradio' && args[0]) {
    setServer(into, SERVERS.gradio, undefined);
    scriptEntry(args[0], context, into, true);
    return;
  }
  if (program === 'bentoml' && args[0] === 'serve') {
    const { options, positional } = splitOptions(args.slice(1), /^(--port|-p|--host|--api-workers|--working-dir|--timeout|--backlog)$/);
    setServer(into, SERVERS.bentoml, portValue(options.get('--port') ?? options.get('-p')));
    const inner = options.get('--working-dir') ? layout.at(options.get('--working-dir')!) : layout;
    const target = positional[0] ?? '.';
    if (/^[\w.]+:[\w.]+$/.test(target)) appEntry(target.split(':')[0], { ...context, layout: inner }, into);
    else {
      const bentofile = inner.file(posix.join(target, 'bentofile.yaml')) ?? inner.file(target);
      const service = bentofile ? files.facts(bentofile)?.bentofile?.service : undefined;
      if (bentofile && service) {
        into.configs.push(bentofile);
        appEntry(service.split(':')[0], { ...context, layout: inner }, into);
      } else into.notes.push(`bentoml serve ${target}: no bentofile with a service`);
    }
    return;
  }
  if (program === 'serve' && (args[0] === 'run' || args[0] === 'deploy')) {
    const { options, positional } = splitOptions(
      args.slice(1),
      /^(--address|-a|--working-dir|--app-dir|-d|--host|--port|-p|--runtime-env|--runtime-env-json|--name)$/,
    );
    setServer(into, SERVERS.serve, portValue(options.get('--port') ?? options.get('-p')));
    const inner = options.get('--app-dir') ?? options.get('-d') ?? options.get('--working-dir');
    const scoped = inner ? { ...context, layout: layout.at(inner) } : context;
    const target = positional[0];
    if (!target) return;
    if (/\.ya?ml$/.test(target)) {
      const config = scoped.layout.file(target);
      if (config) {
        into.configs.push(config);
        for (const app of files.facts(config)?.rayConfig ?? [])
          appEntry(
            app.importPath.split(':')[0],
            { ...scoped, layout: app.workingDir ? scoped.layout.at(app.workingDir) : scoped.layout },
            into,
          );
      } else into.notes.push(`serve ${args[0]} ${target}: not a file of the project`);
    } else appEntry(target.split(':')[0], scoped, into);
    return;
  }
  if (program === 'seldon-core-microservice' && args[0]) {
    setServer(into, SERVERS['seldon-core-microservice'], optionPort(args, ['--http-port']));
    const file = layout.file(`${args[0].replace(/\.py$/, '')}.py`) ?? pythonModule(args[0], context);
    if (file) addEntry(into, file, false);
    else into.notes.push(`seldon-core-microservice ${args[0]}: no ${args[0]}.py`);
    return;
  }
  if (program === 'mlserver' && args[0] === 'start') {
    setServer(into, SERVERS.mlserver, undefined);
    const folder = layout.folder(args[1] ?? '.');
    if (folder === undefined) {
      into.notes.push(`mlserver start ${args[1] ?? '.'}: not a folder of the project`);
      return;
    }
    for (const rel of files.under(folder)) {
      if (posix.basename(rel) !== 'model-settings.json') continue;
      const implementation = files.facts(rel)?.modelSettings?.implementation;
      if (!implementation) continue;
      const moduleName = implementation.split('.').slice(0, -1).join('.');
      const file = files.pythonModule(moduleName, folderOf(rel)) ?? files.pythonModule(moduleName, folder);
      if (file) addEntry(into, file, false);
    }
    return;
  }
  if (program === 'torchserve') return setServer(into, SERVERS.torchserve, undefined);
  if (program === 'tritonserver') return setServer(into, SERVERS.triton, optionPort(args, ['--http-port']));
  if (program === 'vllm' && args[0] === 'serve') return setServer(into, SERVERS.vllm, optionPort(args, ['--port']));
  if (program === 'text-generation-launcher') return setServer(into, SERVERS.tgi, optionPort(args, ['--port', '-p']));
  if (program === 'ollama' && args[0] === 'serve') return setServer(into, SERVERS.ollama, undefined);
  if (program === 'nginx') return setServer(into, SERVERS.nginx, undefined);
  if (
    program === 'node' ||
    program === 'nodejs' ||
    program === 'ts-node' ||
    program === 'tsx' ||
    program === 'bun' ||
    program === 'deno' ||
    program === 'nodemon'
  ) {
    const rest = program === 'deno' || (program === 'bun' && args[0] === 'run') ? args.slice(1) : args;
    const { positional } = splitOptions(rest, /^(-r|--require|--import|--loader|--env-file|-e|--eval|-p|--project)$/);
    if (!positional[0]) return;
    const file = scriptModule(positional[0], layout, files);
    setServer(into, SERVERS.node, undefined);
    if (file) addEntry(into, file, false);
    else into.notes.push(`${program} ${positional[0]}: not a file of the project`);
    return;
  }
  if (program === 'next' && args[0] === 'start') {
    setServer(into, SERVERS.next, optionPort(args, ['-p', '--port']));
    const folder = layout.folder('.') ?? '';
    into.nextApp = folder;
    for (const file of nextEntries(files, folder)) addEntry(into, file, false);
    return;
  }
  if ((program === 'npm' || program === 'yarn' || program === 'pnpm' || program === 'bun') && depth < 4) {
    const script =
      args[0] === 'start'
        ? 'start'
        : args[0] === 'run' || args[0] === 'run-script'
          ? args[1]
          : program !== 'npm' && args[0] && !/^(install|add|ci|i|build)$/.test(args[0])
            ? args[0]
            : undefined;
    if (!script) return;
    const manifest = layout.file('package.json');
    const command = manifest ? files.facts(manifest)?.packageJson?.scripts[script]?.command : undefined;
    if (!manifest || !command) {
      into.notes.push(`${program} ${args.join(' ')}: no package.json script '${script}'`);
      return;
    }
    into.followed.push(`${manifest}#${script}`);
    resolveCommand(command.segments, { files, layout, depth: depth + 1 }, into);
    return;
  }
  // A shell script of the project (`./entrypoint.sh`, `bash run.sh`): follow what it runs.
  const scriptPath =
    /^(ba|da|z)?sh$/.test(program) && args[0] && !args[0].startsWith('-') ? args[0] : /\.(sh|bash)$/.test(words[0]) ? words[0] : undefined;
  if (scriptPath && depth < 4) {
    const script = layout.file(scriptPath);
    const facts = script ? files.facts(script)?.script : undefined;
    if (!script || !facts) {
      into.notes.push(`${scriptPath}: not a script of the project`);
      return;
    }
    into.followed.push(script);
    // A script runs in the folder it is started from; `cd "$(dirname "$0")"` is the common exception.
    resolveCommand(
      facts.commands.flatMap((command) => command.segments),
      { files, layout, depth: depth + 1 },
      into,
    );
  }
}

function envOf(words: readonly string[], name: string): string | undefined {
  return words.find((word) => word.startsWith(`${name}=`))?.slice(name.length + 1);
}

function optionPort(args: readonly string[], names: readonly string[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === name) return portValue(args[i + 1]);
      if (args[i].startsWith(`${name}=`)) return portValue(args[i].slice(name.length + 1));
    }
  }
  return undefined;
}

function setServer(into: CommandResolution, server: KnownServer, port: number | undefined): void {
  // The first server a command starts is its process (later ones are helpers run in the background).
  if (!into.server || (into.server.name === 'node' && server.name !== 'node')) into.server = server;
  if (port !== undefined && into.portFlag === undefined) into.portFlag = port;
}

function addEntry(into: CommandResolution, file: string, asScript: boolean, byModuleName = false): void {
  const existing = into.entries.find((entry) => entry.file === file);
  if (existing) {
    existing.asScript ||= asScript;
    existing.byModuleName ||= byModuleName;
  } else into.entries.push({ file, asScript, byModuleName });
}

/** `python x.py` / `streamlit run x.py`: a script path, or a module path written with dots. */
function scriptEntry(target: string, context: Required<CommandContext>, into: CommandResolution, asScript: boolean): void {
  const file = context.layout.file(target);
  if (file && /\.pyw?$/.test(file)) {
    addRoots(into, context, [folderOf(file)]);
    addEntry(into, file, asScript);
    return;
  }
  if (!/\.py$/.test(target)) {
    const module = pythonModule(target.replace(/:.*$/, ''), context);
    if (module) {
      addEntry(into, module, asScript, true);
      return;
    }
  }
  into.notes.push(`${target}: not a file of the project`);
}

/** `pkg.mod` of `uvicorn pkg.mod:app` / `flask --app x`: a module, a `.py` path or a package folder. */
function appEntry(spec: string, context: Required<CommandContext>, into: CommandResolution, extraRoots: string[] = []): void {
  if (/\.py$/.test(spec) || spec.includes('/')) {
    scriptEntry(spec, context, into, false);
    return;
  }
  const file = pythonModule(spec, context, extraRoots);
  if (file) addEntry(into, file, false, true);
  else into.notes.push(`${spec}: no module of the project`);
}

function addRoots(into: CommandResolution, context: Required<CommandContext>, extra: string[]): void {
  for (const root of [...context.layout.pythonRoots(), ...extra]) if (!into.roots.includes(root)) into.roots.push(root);
}

/** A dotted module name resolved the way the process would: its working directory and PYTHONPATH first. */
function pythonModule(dotted: string, context: Required<CommandContext>, extraRoots: string[] = []): string | undefined {
  if (!/^[\w.]+$/.test(dotted)) return undefined;
  const relative = dotted.split('.').join('/');
  const processRoots = [...extraRoots.map((root) => context.layout.absolute(root)), context.layout.workdir];
  for (const entry of (context.layout.env.PYTHONPATH ?? '').split(':'))
    if (entry && !entry.includes('$')) processRoots.push(context.layout.absolute(entry));
  for (const root of processRoots) {
    const file = context.layout.file(posix.join(root, `${relative}.py`)) ?? context.layout.file(posix.join(root, relative, '__init__.py'));
    if (file) return file;
  }
  // Not copied where the process looks: the artifact's folder, then the project root.
  return context.files.pythonModule(dotted, context.layout.fallbackFolder) ?? context.files.pythonModule(dotted, '');
}

/** `node dist/server.js`: the file, or its TypeScript source when the JS is build output the project does not hold. */
function scriptModule(target: string, layout: Layout, files: ProjectFiles): string | undefined {
  const direct = layout.file(target);
  if (direct && /\.[cm]?[jt]sx?$/.test(direct)) return direct;
  const absolute = layout.absolute(target);
  const folder = layout.folder(posix.dirname(absolute));
  if (folder !== undefined) {
    const found = files.scriptFile(join(folder, posix.basename(target)));
    if (found) return found;
  }
  // Build output (`dist/`, `build/`, `out/`, `lib/`) compiled from `src/`: split by hand, no regex scan.
  const parts = target.split('/');
  const output = parts.findIndex((part) => part === 'dist' || part === 'build' || part === 'out' || part === 'lib');
  const last = parts[parts.length - 1];
  if (output >= 0 && output < parts.length - 1 && /\.[cm]?js$/.test(last)) {
    const base = layout.folder(parts.slice(0, output).join('/') || '.') ?? '';
    const rest = [...parts.slice(output + 1, -1), last.slice(0, last.lastIndexOf('.'))].join('/');
    return files.scriptFile(join(base, 'src', rest)) ?? files.scriptFile(join(base, rest));
  }
  return undefined;
}

/** Next.js server entries (deployment.md §1): `app/**\/route.*`, `pages/api/**` and `"use server"` modules. */
export function nextEntries(files: ProjectFiles, folder: string): string[] {
  const entries: string[] = [];
  const prefix = folder ? `${folder}/` : '';
  for (const rel of files.under(folder)) {
    const inner = rel.slice(prefix.length);
    if (!/\.[cm]?[jt]sx?$/.test(inner) || inner.startsWith('node_modules/')) continue;
    if (
      /^(src\/)?app\/(.+\/)?route\.[cm]?[jt]sx?$/.test(inner) ||
      /^(src\/)?pages\/api\//.test(inner) ||
      files.facts(rel)?.module?.directive === 'use server'
    )
      entries.push(rel);
  }
  return entries.sort();
}

export { execSegments };
