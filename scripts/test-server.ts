/**
 * Starts the real server in this process on 127.0.0.1 with a random port, for the browser and end-to-end
 * test runners (which are plain Node scripts and load this file bundled by esbuild).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServer, listen } from '../server/src/compose.ts';
import { loadConfig } from '../server/src/config.ts';
import { staticDirs } from '../server/src/static-dirs.ts';

/** A running test server. */
export interface TestServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Options of `startTestServer`. */
export interface TestServerOptions {
  /** Also serve the widget build, the demo site and the vendor packages, as `npm start` does. */
  readonly static?: boolean;
}

// This file is bundled into server/.build/, two levels below the repository root.
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts a server with these environment variables (on top of a temp audio folder and port 0), and with the
 * static routes when `options.static` is set: the workspace's widget build and the demo site as they are.
 */
export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const config = loadConfig({ AUDIO_DIR: mkdtempSync(join(tmpdir(), 'ccw-e2e-audio-')), DATA_DIR: mkdtempSync(join(tmpdir(), 'ccw-e2e-data-')), PORT: '0', ...env });
  const composed = await composeServer(config, {
    static: options.static ? staticDirs({ examplesDir: join(root, 'examples'), consoleDir: join(root, 'server/dist/console'), from: import.meta.url }) : undefined,
  });
  const server = await listen(composed, { port: 0, hostname: '127.0.0.1' });
  return { url: server.url, close: () => server.close() };
}
