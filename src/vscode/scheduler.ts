import * as vscode from 'vscode';

type Job = (token: vscode.CancellationToken) => Promise<void>;

interface Slot {
  timer?: ReturnType<typeof setTimeout>;
  /** The job the timer will start (so `flush` can start it early). */
  pending?: Job;
  cancellation?: vscode.CancellationTokenSource;
  running?: Promise<void>;
  idle?: { promise: Promise<void>; resolve: () => void };
}

/**
 * One analysis slot per document: a new request cancels the pending or running one, so only the
 * latest text is ever published, and typing never queues work behind stale versions.
 */
export class AnalysisScheduler implements vscode.Disposable {
  private readonly slots = new Map<string, Slot>();
  /** Where a job's failure goes (the output channel); a failed job never becomes an unhandled rejection. */
  onError: (key: string, error: unknown) => void = (key, error) => console.error(`prodready: analysis of ${key} failed`, error);

  schedule(key: string, delayMs: number, job: Job): void {
    const slot = this.slotFor(key);
    if (slot.timer) clearTimeout(slot.timer);
    slot.cancellation?.cancel();
    slot.idle ??= deferred();
    slot.pending = job;
    slot.timer = setTimeout(() => this.fire(key, slot), delayMs);
  }

  /**
   * Starts the pending (debounced) job now instead of when its delay ends; false when none is
   * pending. Fix-all on save uses it: the save should not wait out the typing debounce.
   */
  flush(key: string): boolean {
    const slot = this.slots.get(key);
    if (!slot?.timer) return false;
    clearTimeout(slot.timer);
    this.fire(key, slot);
    return true;
  }

  /** Whether a job is pending or running for the key. */
  isBusy(key: string): boolean {
    const slot = this.slots.get(key);
    return slot !== undefined && (slot.timer !== undefined || slot.running !== undefined);
  }

  private fire(key: string, slot: Slot): void {
    const job = slot.pending!;
    slot.timer = undefined;
    slot.pending = undefined;
    void this.start(key, slot, job);
  }

  cancel(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.pending = undefined;
    slot.cancellation?.cancel();
    this.settle(key, slot);
  }

  /** Resolves once nothing is pending or running for the key. */
  whenIdle(key: string): Promise<void> {
    return this.slots.get(key)?.idle?.promise ?? Promise.resolve();
  }

  private async start(key: string, slot: Slot, job: Job): Promise<void> {
    // Let a previous run finish (its result is discarded by its cancelled token) before starting.
    if (slot.running) await slot.running.catch(() => undefined);
    if (slot.timer) return;
    const cancellation = new vscode.CancellationTokenSource();
    slot.cancellation = cancellation;
    const running = job(cancellation.token).catch((error) => this.onError(key, error));
    slot.running = running;
    await running;
    if (slot.running === running) slot.running = undefined;
    cancellation.dispose();
    if (slot.cancellation === cancellation) slot.cancellation = undefined;
    if (!slot.timer && !slot.running) this.settle(key, slot);
  }

  private settle(key: string, slot: Slot): void {
    slot.idle?.resolve();
    slot.idle = undefined;
    if (!slot.timer && !slot.running) this.slots.delete(key);
  }

  private slotFor(key: string): Slot {
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = {}));
    return slot;
  }

  dispose(): void {
    for (const key of [...this.slots.keys()]) this.cancel(key);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
