/**
 * A small concurrency limiter for the local speech engines: each run holds a CPU core (and, for Flite, tens
 * of MB), so only a few run at once, and the rest wait. Waiting jobs take turns between clients (round robin,
 * each client's own in arrival order), so one client asking for many long syntheses does not hold up everyone
 * else's: the next free slot goes to the next client with work waiting.
 */
import { currentClient } from './fair-share.ts';

/** Runs async jobs at most `concurrency` at a time; a job whose signal aborts while it waits leaves the queue. */
export class TaskQueue {
  private running = 0;
  /** Waiting jobs by client, clients in the order their turn comes (Map order; served ones move to the end). */
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(readonly concurrency: number) {
    if (!(concurrency >= 1)) throw new RangeError(`TaskQueue: concurrency must be at least 1, got ${concurrency}`);
  }

  /** Jobs started and not yet finished. */
  get active(): number {
    return this.running;
  }

  /** Jobs waiting for a free slot. */
  get queued(): number {
    let n = 0;
    for (const jobs of this.waiting.values()) n += jobs.length;
    return n;
  }

  /**
   * Runs `job` when a slot is free and it is `client`'s turn (default: the client of the request this runs in).
   * Rejects with the signal's reason if it aborts before the job starts.
   */
  run<T>(job: () => Promise<T>, signal?: AbortSignal, client: string = currentClient()): Promise<T> {
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
            this.next()?.();
          });
      };
      const onAbort = (): void => {
        const jobs = this.waiting.get(client);
        const index = jobs?.indexOf(start) ?? -1;
        if (index >= 0) jobs!.splice(index, 1);
        if (jobs?.length === 0) this.waiting.delete(client);
        reject(abortReason(signal!));
      };
      if (this.running < this.concurrency) {
        start();
      } else {
        const jobs = this.waiting.get(client);
        if (jobs) jobs.push(start);
        else this.waiting.set(client, [start]);
        signal?.addEventListener('abort', onAbort, { once: true });
      }
    });
  }

  /** The first waiting job of the client whose turn it is; that client goes to the back of the line. */
  private next(): (() => void) | undefined {
    for (const [client, jobs] of this.waiting) {
      const job = jobs.shift();
      this.waiting.delete(client);
      if (jobs.length > 0) this.waiting.set(client, jobs);
      if (job) return job;
    }
    return undefined;
  }
}

/** What an aborted operation rejects with: the signal's reason, as `fetch` does. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
