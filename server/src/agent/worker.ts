/**
 * The agent worker (`call-center-server agent`): registers with LiveKit under AGENT_NAME through the Agents
 * framework's AgentServer and takes the calls LiveKit dispatches to it, each in a job process the framework
 * forks from the agent module (`dist/agent.js`, whose default export is the agent). Any number of workers, on
 * any number of machines, can register with one LiveKit server; LiveKit gives each call to one of them.
 */
import { availableParallelism } from 'node:os';
import { AgentServer, initializeLogger, ServerOptions } from '@livekit/agents';
import { AGENT_NAME } from '@call-center-widget/protocol';
import type { Config } from '../config.ts';
import { createProviders } from '../providers/index.ts';
import type { Providers } from '../providers/types.ts';

/** Calls a worker takes at once per CPU core; past that LiveKit gives new calls to other workers. */
export const CALLS_PER_CORE = 2;

/** A running worker. */
export interface RunningWorker {
  /** LiveKit's id for the registered worker. */
  readonly id: string;
  /** The one line that says what the worker runs on. */
  readonly line: string;
  /** Resolves when the worker stops (or rejects when it cannot reach LiveKit). */
  readonly done: Promise<void>;
  /** Stops taking calls, ends the running ones, and stops. */
  close(): Promise<void>;
}

/** Starts a worker for `agentFile` (the module the job processes import) and resolves once LiveKit registered it. */
export async function startWorker(config: Config, agentFile: string): Promise<RunningWorker> {
  const { url, apiKey, apiSecret } = config.livekit;
  if (!url) throw new Error('LIVEKIT_URL is unset');
  // The framework's own log (pino, JSON lines): warnings and errors only; our lines are the worker's story.
  initializeLogger({ pretty: false, level: 'warn' });
  // The providers once here: the offline recognizer builds and caches its language model on first use, so the
  // job processes find it ready; and the start-up line says what the calls will run on.
  const providers = await createProviders(config);
  const engines = describeEngines(providers);
  await Promise.all(Object.values(providers).map((p: { close?: () => Promise<void> }) => p.close?.()));

  const maxCalls = CALLS_PER_CORE * availableParallelism();
  // Calls accepted and not yet running (a job waits for LiveKit's assignment and a warm process), and since when.
  const starting = new Map<string, number>();
  const taken = (worker: AgentServer): number => {
    const running = new Set(worker.activeJobs.map((job) => job.job.id));
    // Each call counts once; one that never starts (an assignment LiveKit never sent) stops counting after a minute.
    for (const [id, since] of starting) if (running.has(id) || Date.now() - since > 60_000) starting.delete(id);
    return running.size + starting.size;
  };
  const server = new AgentServer(
    new ServerOptions({
      agent: agentFile,
      agentName: AGENT_NAME,
      wsURL: url,
      apiKey,
      apiSecret,
      // `production` only picks defaults; every one that matters is set here.
      production: false,
      // One process is kept warm (providers and VAD loaded) for the next call.
      numIdleProcesses: 1,
      // Load is the share of calls taken, not the CPU: a busy machine still answers the calls it accepted.
      loadFunc: async (worker) => taken(worker) / maxCalls,
      loadThreshold: 1,
      // LiveKit hears the load every 2.5 s only, so calls arriving together could all go to a worker that still
      // looks idle: past its capacity the worker refuses a call, and LiveKit offers it to another worker.
      requestFunc: async (request) => {
        if (taken(server) >= maxCalls) return request.reject();
        starting.set(request.id, Date.now());
        await request.accept();
      },
      // The framework's health endpoint, on loopback and a free port: it is not part of our interface.
      host: '127.0.0.1',
      port: 0,
      logLevel: 'warn',
    }),
  );
  const registered = new Promise<string>((resolve) => server.event.once('worker_registered', (id: string) => resolve(id)));
  const done = server.run();
  const id = await Promise.race([registered, done.then(() => Promise.reject(new Error('the worker stopped before LiveKit registered it')))]);
  const line = `call-center-server agent: worker ${id} registered as ${AGENT_NAME} with ${url} | ${engines} | up to ${maxCalls} calls`;
  return {
    id,
    line,
    done,
    close: () => server.close(),
  };
}

/** The start-up line's providers part, as the server's line shows them. */
function describeEngines(providers: Providers): string {
  const kinds = ['stt', 'tts', 'chat'] as const;
  return kinds
    .map((kind) => {
      const c = providers[kind].capabilities();
      if (!c.available) return `${kind}: off`;
      return c.languages.length < 2 ? `${kind}: ${providers[kind].name} (${c.languages.join(', ')} only)` : `${kind}: ${providers[kind].name}`;
    })
    .join(', ');
}
