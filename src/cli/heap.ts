import * as v8 from 'v8';
import * as vm from 'vm';

/**
 * Keeps a long `check` run's memory near its live set. Analysing a file allocates several times its
 * size in short-lived objects (parse-tree wrappers, captures), and V8, with gigabytes of headroom,
 * lets that garbage pile up: on the Python installation (161 MB of code) the live heap never passed
 * ~85 MB, yet the heap grew to 350 MB and the process to 520 MB. A full collection after every
 * 8 MB of analysed text holds the process near 320 MB for no measurable time (a collection of
 * this heap takes ~10 ms; there are ~20 per 160 MB).
 *
 * CLI only: the extension host is shared with other extensions and must not force collections.
 */
export class HeapTrimmer {
  private pending = 0;
  private collect: (() => void) | null | undefined;

  constructor(private readonly everyBytes = 8 * 1024 * 1024) {}

  /** Counts `bytes` of analysed text; collects once enough has gone through. */
  account(bytes: number): void {
    this.pending += bytes;
    if (this.pending < this.everyBytes) return;
    this.pending = 0;
    this.collector()?.();
  }

  private collector(): (() => void) | null {
    if (this.collect === undefined) {
      try {
        // Node documents v8.setFlagsFromString; a context created after it sees the `gc` function.
        v8.setFlagsFromString('--expose-gc');
        const found: unknown = vm.runInNewContext('gc');
        this.collect = typeof found === 'function' ? (found as () => void) : null;
      } catch {
        this.collect = null;
      }
    }
    return this.collect;
  }
}
