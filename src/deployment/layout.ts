import * as path from 'path';
import type { DockerCopyFact, DockerStageFact } from './facts';
import { folderOf, join, trimSlashes, type ProjectFiles } from './files';

const posix = path.posix;

/**
 * Where a process's files come from: a container path maps to a project file through the image's
 * COPY layout (deployment.md §1: `COPY app/ /srv/app/` maps `/srv/app/main.py` to `app/main.py`),
 * compose bind mounts, and — when nothing copies it — the working directory read against the
 * artifact's folder. A process that runs outside any image (Procfile, package.json, bentofile) sees
 * the project itself: its container path `/x/y` is the project file `x/y`.
 */
export class Layout {
  constructor(
    private readonly files: ProjectFiles,
    /** The working directory (absolute, in the process's filesystem). */
    readonly workdir: string,
    /** Known environment (ENV of the image), for PYTHONPATH and `$VAR`. */
    readonly env: Record<string, string>,
    /** The project folder that the working directory falls back to (the artifact's folder, or the build context). */
    private readonly fallback: string,
    private readonly stages?: { all: DockerStageFact[]; stage: DockerStageFact; context: string },
    private readonly mounts: Array<{ host: string; container: string }> = [],
  ) {}

  /** A process running in the project folder `folder`, outside any image. */
  static project(files: ProjectFiles, folder: string): Layout {
    return new Layout(files, `/${folder}`.replace(/\/$/, '') || '/', {}, folder);
  }

  /** A process running in a Dockerfile stage built with `context` (project-relative). */
  static image(
    files: ProjectFiles,
    stages: DockerStageFact[],
    stage: DockerStageFact,
    context: string,
    mounts: Layout['mounts'] = [],
  ): Layout {
    return new Layout(files, stage.workdir, stage.env, context, { all: stages, stage, context }, mounts);
  }

  /** The same image with a different working directory (`cd DIR`, `--chdir`). */
  at(workdir: string): Layout {
    return new Layout(this.files, posix.resolve(this.workdir, workdir), this.env, this.fallback, this.stages, this.mounts);
  }

  get inImage(): boolean {
    return this.stages !== undefined;
  }

  /** Absolute path of `file` as the process sees it. */
  absolute(file: string): string {
    return posix.resolve(this.workdir, file);
  }

  /** The project file a process path names (relative paths against the working directory). */
  file(processPath: string): string | undefined {
    return this.map(this.absolute(processPath), 'file');
  }

  /** The project folder a process path names. */
  folder(processPath: string): string | undefined {
    return this.map(this.absolute(processPath), 'folder');
  }

  private exists(rel: string | undefined, kind: 'file' | 'folder'): rel is string {
    return rel !== undefined && (kind === 'file' ? this.files.has(rel) : this.files.isFolder(rel));
  }

  private map(absolute: string, kind: 'file' | 'folder'): string | undefined {
    for (const mount of this.mounts) {
      const rest = under(absolute, mount.container);
      if (rest !== undefined) {
        const candidate = join(mount.host, rest);
        if (this.exists(candidate, kind)) return candidate;
      }
    }
    if (!this.stages) {
      const candidate = join(absolute.slice(1));
      return this.exists(candidate, kind) ? candidate : undefined;
    }
    const found = mapInStage(this.files, this.stages.all, this.stages.stage, this.stages.context, absolute, kind, 0);
    if (found !== undefined) return found;
    // Nothing copies it: read the path against the working directory's fallback folder.
    const rest = under(absolute, this.workdir);
    if (rest !== undefined) {
      const candidate = join(this.fallback, rest);
      if (this.exists(candidate, kind)) return candidate;
    }
    return undefined;
  }

  /** Python import roots of the process (working directory, PYTHONPATH), as project folders. */
  pythonRoots(extra: string[] = []): string[] {
    const roots: string[] = [];
    const paths = [...extra.map((entry) => this.absolute(entry)), this.workdir];
    for (const entry of (this.env.PYTHONPATH ?? '').split(':')) if (entry && !entry.includes('$')) paths.push(this.absolute(entry));
    for (const processPath of paths) {
      const folder = this.map(processPath, 'folder');
      if (folder !== undefined && !roots.includes(folder)) roots.push(folder);
    }
    return roots;
  }

  /** The project folder the working directory maps to, when one does. */
  get workdirFolder(): string | undefined {
    return this.map(this.workdir, 'folder');
  }

  get fallbackFolder(): string {
    return this.fallback;
  }
}

/** The rest of `absolute` below `folder` (`''` for the folder itself), or undefined when it is not below. */
function under(absolute: string, folder: string): string | undefined {
  const base = trimSlashes(folder) || '/';
  if (absolute === base) return '';
  const prefix = base === '/' ? '/' : `${base}/`;
  return absolute.startsWith(prefix) ? absolute.slice(prefix.length) : undefined;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

function mapInStage(
  files: ProjectFiles,
  stages: DockerStageFact[],
  stage: DockerStageFact,
  context: string,
  absolute: string,
  kind: 'file' | 'folder',
  depth: number,
): string | undefined {
  if (depth > 4) return undefined;
  const exists = (rel: string) => (kind === 'file' ? files.has(rel) : files.isFolder(rel));
  // Later copies overwrite earlier ones: the last that provides the path wins.
  for (let i = stage.copies.length - 1; i >= 0; i--) {
    const copy: DockerCopyFact = stage.copies[i];
    for (const source of copy.sources) {
      if (copy.fromImage !== undefined) continue;
      const candidate =
        copy.fromStage !== undefined
          ? mapFromStage(files, stages, copy, source, context, absolute, kind, depth)
          : mapFromContext(files, copy, source, context, absolute, kind);
      if (candidate !== undefined && exists(candidate)) return candidate;
    }
  }
  return undefined;
}

function mapFromContext(
  files: ProjectFiles,
  copy: DockerCopyFact,
  source: string,
  context: string,
  absolute: string,
  kind: 'file' | 'folder',
): string | undefined {
  const sourceRel = join(context, source.replace(/^\.?\/+/, '') || '.');
  const name = posix.basename(trimSlashes(source));
  if (/[*?[]/.test(name)) {
    const folder = copy.destDir ? copy.dest : posix.dirname(copy.dest);
    if (posix.dirname(absolute) === folder && globToRegExp(name).test(posix.basename(absolute)))
      return join(folderOf(sourceRel), posix.basename(absolute));
    return undefined;
  }
  if (files.has(sourceRel)) {
    if (kind === 'folder') return undefined;
    const targets = copy.destDir ? [posix.join(copy.dest, name)] : [copy.dest, posix.join(copy.dest, name)];
    return targets.includes(absolute) ? sourceRel : undefined;
  }
  const rest = under(absolute, copy.dest);
  return rest === undefined ? undefined : join(sourceRel, rest);
}

function mapFromStage(
  files: ProjectFiles,
  stages: DockerStageFact[],
  copy: DockerCopyFact,
  source: string,
  context: string,
  absolute: string,
  kind: 'file' | 'folder',
  depth: number,
): string | undefined {
  const from = stages[copy.fromStage!];
  if (!from) return undefined;
  const sourceAbsolute = posix.resolve(from.workdir, source);
  const name = posix.basename(sourceAbsolute);
  let inSource: string | undefined;
  const rest = under(absolute, copy.dest);
  if (rest !== undefined) inSource = posix.join(sourceAbsolute, rest);
  else if (copy.destDir && absolute === posix.join(copy.dest, name)) inSource = sourceAbsolute;
  if (inSource === undefined) return undefined;
  return mapInStage(files, stages, from, context, inSource, kind, depth + 1);
}
