/**
 * Runs a local engine (espeak-ng, pocketsphinx) as a separate process: arguments as an argv array (never a
 * shell), input on stdin, output collected with a cap, killed on timeout or abort. Running them as programs,
 * not linking them, is what keeps their GPL licence out of this package.
 */
import { spawn } from 'node:child_process';
import { ProviderError } from '../types.ts';
import { abortReason } from './task-queue.ts';

/** How to run one engine process. */
export interface RunProcessOptions {
  /** Name used in error messages, e.g. 'espeak-ng'. */
  readonly label: string;
  /** Debian package that provides the program, named when it is missing. */
  readonly aptPackage: string;
  readonly input?: string | Uint8Array;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Kill the process when stdout or stderr passes this many bytes (default 32 MiB). */
  readonly maxOutputBytes?: number;
}

/** What a finished process left behind. */
export interface ProcessResult {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/**
 * Runs `command args...` to completion. Rejects with ProviderError: `provider_unavailable` when the program
 * does not exist, `provider_timeout` after `timeoutMs`, `provider_error` when it floods its output; with the
 * signal's reason on abort. A non-zero exit is returned, not thrown: callers know what it means.
 */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  const { label, signal } = options;
  const maxOutput = options.maxOutputBytes ?? 32 * 1024 * 1024;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<ProcessResult>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const sizes = { stdout: 0, stderr: 0 };
    let failure: unknown;

    const fail = (error: unknown): void => {
      if (failure !== undefined) return;
      failure = error;
      // SIGKILL: these engines hold no state worth a graceful exit, and a stuck one may ignore SIGTERM.
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => fail(new ProviderError('provider_timeout', `The offline ${label} engine took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped.`)),
      options.timeoutMs,
    );
    const onAbort = (): void => fail(abortReason(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });

    const collect = (name: 'stdout' | 'stderr', into: Buffer[]) => (chunk: Buffer) => {
      sizes[name] += chunk.length;
      if (sizes[name] > maxOutput) fail(new ProviderError('provider_error', `The offline ${label} engine produced more output than expected and was stopped.`));
      else into.push(chunk);
    };
    child.stdout.on('data', collect('stdout', stdout));
    child.stderr.on('data', collect('stderr', stderr));
    // The program may exit without reading all its input (bad arguments); that EPIPE is not our failure.
    child.stdin.on('error', () => {});

    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') {
        fail(new ProviderError('provider_unavailable', `The offline ${label} engine is not installed on this server (${command} not found; apt-get install ${options.aptPackage}).`, { cause: error }));
      } else {
        fail(new ProviderError('provider_error', `The offline ${label} engine could not be started.`, { cause: error }));
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (failure !== undefined) reject(failure);
      else resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
    });

    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}
