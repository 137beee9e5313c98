// Types of build-server.mjs for the TypeScript tests that build the agent worker.
/** Bundles the agent worker's module to `outfile` (default server/dist/agent.js); resolves with its path. */
export declare function buildAgent(outfile?: string): Promise<string>;
/** Builds server/dist (main.js, agent.js, the demo site). */
export declare function buildServer(): Promise<void>;
