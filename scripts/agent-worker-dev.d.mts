// Types of agent-worker-dev.mjs for the TypeScript tests that run AI agent workers.
import type { LiveKitServer } from './livekit-dev.mjs';

export interface AgentBundle {
  readonly file: string;
  dispose(): void;
}

export interface AgentWorker {
  readonly id: string;
  readonly pid: number;
  output(): string;
  running(): boolean;
  crash(): Promise<void>;
  stop(ms?: number): Promise<void>;
}

export declare function buildAgentBundle(): Promise<AgentBundle>;
export declare function startAgentWorker(options: {
  bundle: AgentBundle;
  livekit: Pick<LiveKitServer, 'wsUrl' | 'apiKey' | 'apiSecret'>;
  env?: Record<string, string>;
  registerTimeoutMs?: number;
}): Promise<AgentWorker>;
