/**
 * The agent module, built into `dist/agent.js`. Its default export is the agent the Agents framework runs: each
 * job process it forks imports this file and calls `prewarm` once, then `entry` for the call it is given. The
 * same file starts a worker (`main`, run by `call-center-server agent` or `node dist/agent.js`); importing it
 * does nothing else.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineAgent, type JobContext, type JobProcess } from '@livekit/agents';
import { ConfigError, loadConfig } from '../config.ts';
import { prepareCallProcess, runCall, type CallProcess } from './call.ts';
import { startWorker } from './worker.ts';

type ProcessData = { call?: CallProcess };

export default defineAgent<ProcessData>({
  prewarm: async (proc: JobProcess<ProcessData>) => {
    proc.userData.call = await prepareCallProcess();
  },
  entry: async (ctx: JobContext<ProcessData>) => {
    const prepared = ctx.proc.userData.call ?? (await prepareCallProcess());
    await runCall(ctx, prepared);
  },
});

/** Starts one worker from the environment and runs it until SIGINT or SIGTERM. */
export async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) console.error(`config error: ${problem}`);
    process.exit(1);
  }
  if (!config.livekit.url) {
    console.error('config error: LIVEKIT_URL: the agent worker joins calls in LiveKit rooms; set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET');
    process.exit(1);
  }
  // The call processes the framework forks inherit this environment: LiveKit's rtc-node logs every connection
  // step at debug level unless NODE_ENV is production.
  process.env.NODE_ENV ??= 'production';
  const worker = await startWorker(config, fileURLToPath(import.meta.url));
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // Calls in progress are ended; the widget continues them directly.
    void worker.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(worker.line);
  await worker.done.catch((err: unknown) => {
    console.error(`call-center-server agent: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}

// `node dist/agent.js` runs a worker; a job process importing the file (argv[1] is the framework's) does not.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main().catch((err: unknown) => {
    console.error('call-center-server agent failed to start:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
