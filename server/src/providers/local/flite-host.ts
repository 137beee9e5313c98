/**
 * Runs Flite (WASI) inside a long-lived Node child process rather than the server's own, for two defects
 * measured in Node 20's node:wasi with this module:
 *
 * - V8's fast API path for WASI calls corrupts the heap once Flite grows its memory: the process segfaults
 *   a few utterances later ("abort: Invalid bytecode"), in the main thread and in worker threads alike. The
 *   flag that avoids it, --no-turbo-fast-api-calls, is process-wide, so it is set on the child only.
 * - Every WASI instance opens its preopened directory and nothing ever closes that descriptor; the child is
 *   replaced every RECYCLE_AFTER utterances so the operating system reclaims them.
 *
 * Flite is BSD-licensed and this is our own code running it: no GPL is involved either way. If the child
 * dies anyway, only the utterance in progress fails; the next one starts a fresh child.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ProviderError } from '../types.ts';
import { abortReason } from './task-queue.ts';

/** Utterances one child serves before it is replaced by default (each leaks one directory descriptor). */
const RECYCLE_AFTER = 200;

// CommonJS, run with `node -e`, so it needs no file of its own next to a bundle. One fresh WASI instance per
// utterance, because Flite keeps global state; stdout and stderr go to files in the utterance's folder.
const HOST_SOURCE = `
'use strict';
const { WASI } = require('node:wasi');
const { openSync, closeSync, readFileSync } = require('node:fs');
const flite = new WebAssembly.Module(readFileSync(process.env.CCW_FLITE_WASM));
process.on('message', ({ args, dir }) => {
  let stdout, stderr;
  try {
    stdout = openSync(dir + '/stdout.txt', 'w');
    stderr = openSync(dir + '/stderr.txt', 'w');
    const wasi = new WASI({ version: 'preview1', args, env: {}, preopens: { '/out': dir }, stdout, stderr, returnOnExit: true });
    const instance = new WebAssembly.Instance(flite, wasi.getImportObject());
    process.send({ code: wasi.start(instance) });
  } catch (error) {
    process.send({ error: String((error && error.stack) || error) });
  } finally {
    if (stdout !== undefined) closeSync(stdout);
    if (stderr !== undefined) closeSync(stderr);
  }
});
process.send({ ready: true });
`;

type HostMessage = { ready: true } | { code: number } | { error: string };

/** One Flite child process at a time, started on demand, replaced after RECYCLE_AFTER runs or a failure. */
export class FliteHost {
  private child: ChildProcess | undefined;
  private starting: Promise<ChildProcess> | undefined;
  private runs = 0;

  constructor(
    private readonly wasmPath: string,
    private readonly recycleAfter = RECYCLE_AFTER,
  ) {}

  /** Starts the child (compiling Flite, ~300 ms) if none is running. Rejects when it cannot start. */
  start(): Promise<ChildProcess> {
    this.starting ??= this.spawnHost().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /**
   * Runs Flite with `args`, `/out` mapped to `dir`; resolves to its exit code. The caller runs one at a time.
   * Timeout and abort kill the child, the only way to stop a running WASI program.
   */
  async run(args: readonly string[], dir: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<number> {
    const { signal } = options;
    if (signal?.aborted) throw abortReason(signal);
    const child = await this.start();
    return new Promise<number>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        child.off('message', onMessage);
        child.off('exit', onExit);
        idle(child);
      };
      const stop = (reason: unknown): void => {
        finish();
        this.retire(child, true);
        reject(reason);
      };
      const onMessage = (message: HostMessage): void => {
        if ('ready' in message) return;
        finish();
        if ('error' in message) {
          this.retire(child, true);
          reject(new ProviderError('provider_error', 'The offline voice failed.', { cause: new Error(message.error) }));
          return;
        }
        if (++this.runs >= this.recycleAfter) this.retire(child, false);
        resolve(message.code);
      };
      const onExit = (code: number | null, exitSignal: NodeJS.Signals | null): void => {
        finish();
        this.retire(child, false);
        reject(new ProviderError('provider_error', 'The offline voice stopped unexpectedly.', { cause: new Error(`flite host exited with ${exitSignal ?? code}`) }));
      };
      const onAbort = (): void => stop(abortReason(signal!));
      const timer = setTimeout(
        () => stop(new ProviderError('provider_timeout', `The offline voice took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped.`)),
        options.timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      child.on('message', onMessage);
      child.on('exit', onExit);
      busy(child);
      // The child may have died between starting and now: the failed send is that utterance's failure.
      child.send({ args, dir }, (error) => {
        if (error) stop(new ProviderError('provider_error', 'The offline voice stopped unexpectedly.', { cause: error }));
      });
    });
  }

  /** Stops the child, if any. */
  async close(): Promise<void> {
    const child = this.child ?? (await this.starting?.catch(() => undefined));
    if (child) this.retire(child, true);
  }

  private spawnHost(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--no-turbo-fast-api-calls', '--disable-warning=ExperimentalWarning', '-e', HOST_SOURCE], {
      // NODE_OPTIONS cleared: a test runner's or APM's preload has no business in this child.
      env: { ...process.env, NODE_OPTIONS: '', CCW_FLITE_WASM: this.wasmPath },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      windowsHide: true,
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    return new Promise<ChildProcess>((resolve, reject) => {
      const fail = (reason: string, cause?: unknown): void => {
        child.off('message', onReady);
        child.kill('SIGKILL');
        // The error line of Node's report ("CompileError: ..."), not the stack under it.
        const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
        const detail = lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.at(-1);
        reject(new Error(`Flite could not start: ${reason}${detail ? `: ${detail}` : ''}`, { cause }));
      };
      const onReady = (message: HostMessage): void => {
        if (!('ready' in message)) return;
        child.off('message', onReady);
        child.off('close', onEarlyExit);
        child.off('error', onError);
        child.on('error', () => {}); // later failures arrive as 'exit'
        // A child that dies while idle is replaced by the next run instead of being sent work.
        child.once('exit', () => this.retire(child, false));
        this.child = child;
        this.runs = 0;
        idle(child);
        resolve(child);
      };
      const onEarlyExit = (code: number | null): void => fail(`the host exited with ${code}`);
      const onError = (error: Error): void => fail(error.message, error);
      child.on('message', onReady);
      // 'close', not 'exit': it comes after stderr has been read to the end, so the reason is in it.
      child.once('close', onEarlyExit);
      child.once('error', onError);
    });
  }

  /** Forgets the child so the next run starts a new one; kills it at once when `kill`, else lets it exit. */
  private retire(child: ChildProcess, kill: boolean): void {
    if (this.child === child) {
      this.child = undefined;
      this.starting = undefined;
    }
    if (kill) child.kill('SIGKILL');
    else if (child.connected) child.disconnect(); // its only listener is the IPC channel: it exits when that closes
  }
}

/** Keeps the server process alive while the child works. */
function busy(child: ChildProcess): void {
  child.ref();
  (child.channel as { ref?: () => void } | null | undefined)?.ref?.();
  (child.stderr as { ref?: () => void } | null)?.ref?.();
}

/** Lets the server process exit while the child waits for work. */
function idle(child: ChildProcess): void {
  child.unref();
  (child.channel as { unref?: () => void } | null | undefined)?.unref?.();
  // The stderr pipe is referenced too; left so, a process that never calls close() would never exit.
  (child.stderr as { unref?: () => void } | null)?.unref?.();
}
