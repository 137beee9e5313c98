// Types of livekit-dev.mjs for the TypeScript tests that start the real LiveKit server.
export declare const LIVEKIT_VERSION: string;
export declare const INSTALL_HINT: string;
export declare function findLiveKitServer(): string | undefined;
export declare function liveKitVersion(path: string): string | undefined;
export declare function requireLiveKit(suite: string): string | undefined;

export interface LiveKitOptions {
  binary?: string;
  webhookUrls?: readonly string[];
  emptyTimeout?: number;
  departureTimeout?: number;
  udpPorts?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  log?: boolean;
  startTimeoutMs?: number;
}

export interface LiveKitServer {
  readonly binary: string;
  readonly version: string | undefined;
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly apiKey: string;
  readonly apiSecret: string;
  output(): string;
  running(): boolean;
  kill(): Promise<void>;
  pause(): void;
  resume(): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export declare function startLiveKit(options?: LiveKitOptions): Promise<LiveKitServer>;
