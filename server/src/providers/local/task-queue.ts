/**
 * A small concurrency limiter for the local speech engines: each run holds a CPU core (and, for Flite, tens
 * of MB), so only a few run at once and the rest wait their turn in arrival order.
 */

/** Runs async jobs at most `concurrency` at a time; a job whose signal aborts while it waits leaves the queue. */
export class TaskQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly concurrency: number) {
    if (!(concurrency >= 1)) throw new RangeError(`TaskQueue: concurrency must be at least 1, got ${concurrency}`);
  }

  /** Jobs started and not yet finished. */
  get active(): number {
    return this.running;
  }

  /** Jobs waiting for a free slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `job` when a slot is free. Rejects with the signal's reason if it aborts before the job starts. */
  run<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        // Through a promise so a job that throws synchronously still frees its slot.
        Promise.resolve()
          .then(job)
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.waiting.shift()?.();
          });
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(start);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(abortReason(signal!));
      };
      if (this.running < this.concurrency) {
        start();
      } else {
        this.waiting.push(start);
        signal?.addEventListener('abort', onAbort, { once: true });
      }
    });
  }
}

/** What an aborted operation rejects with: the signal's reason, as `fetch` does. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
