// The real LiveKit server (github.com/livekit/livekit-server, built with Go by .ci/run) as the tests start it:
// `--dev`, bound to loopback, a free signal port, a free TCP fallback port and a small free UDP range, and an API
// key of its own, so that several suites can each run their own instance side by side and never talk to another
// suite's by mistake. Nothing here is a stand-in: the binary is
// LiveKit's own, and a test that needs it and cannot find it is skipped with one line, or fails under CI=true.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoomServiceClient } from 'livekit-server-sdk';

/** The version .ci/run builds; a binary of another version still runs, with a warning. */
export const LIVEKIT_VERSION = '1.9.12';
/** One line telling a developer how to get the server. */
export const INSTALL_HINT =
  `livekit-server missing: go install github.com/livekit/livekit-server/cmd/server@v${LIVEKIT_VERSION} ` +
  '&& ln -s "$(go env GOPATH)/bin/server" "$(go env GOPATH)/bin/livekit-server" (or set LIVEKIT_SERVER_BIN)';

/** Path of the livekit-server binary, or undefined: LIVEKIT_SERVER_BIN, then the PATH, then Go's bin folder. */
export function findLiveKitServer() {
  const candidates = [];
  if (process.env.LIVEKIT_SERVER_BIN) candidates.push(process.env.LIVEKIT_SERVER_BIN);
  const onPath = spawnSync('sh', ['-c', 'command -v livekit-server'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) candidates.push(onPath.stdout.trim());
  const gobin = process.env.GOBIN || join(process.env.GOPATH || join(homedir(), 'go'), 'bin');
  candidates.push(join(gobin, 'livekit-server'));
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const version = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    if (version.status === 0 && /livekit-server version/.test(version.stdout)) return path;
  }
  return undefined;
}

/** The version line of a binary ("1.9.12"), or undefined. */
export function liveKitVersion(path) {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
  return /version (\S+)/.exec(out)?.[1];
}

/**
 * For a suite that needs the server: the binary path, or undefined after printing one line saying how to install
 * it. Under CI=true a missing server throws, because CI builds it.
 */
export function requireLiveKit(suite) {
  const path = findLiveKitServer();
  if (path) return path;
  if (process.env.CI === 'true') throw new Error(`${suite}: ${INSTALL_HINT}`);
  console.log(`skipped ${suite}: ${INSTALL_HINT}`);
  return undefined;
}

function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function udpPortFree(port) {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** `size` consecutive free UDP ports in 40000–59999, chosen at random so that parallel suites rarely collide. */
async function freeUdpRange(size) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const start = 40_000 + Math.floor(Math.random() * (20_000 - size));
    let free = true;
    for (let port = start; port < start + size && free; port++) free = await udpPortFree(port);
    if (free) return { start, end: start + size - 1 };
  }
  throw new Error(`no ${size} consecutive free UDP ports between 40000 and 59999`);
}

function yaml({ port, tcpPort, udp, apiKey, apiSecret, webhookUrls, emptyTimeout, departureTimeout, logLevel }) {
  const lines = [
    `port: ${port}`,
    'keys:',
    `  ${apiKey}: ${apiSecret}`,
    'rtc:',
    `  tcp_port: ${tcpPort}`,
    `  port_range_start: ${udp.start}`,
    `  port_range_end: ${udp.end}`,
    '  use_external_ip: false',
    'room:',
    `  empty_timeout: ${emptyTimeout}`,
    `  departure_timeout: ${departureTimeout}`,
    'logging:',
    `  level: ${logLevel}`,
  ];
  if (webhookUrls.length) {
    lines.push('webhook:', `  api_key: ${apiKey}`, '  urls:', ...webhookUrls.map((url) => `    - ${url}`));
  }
  return `${lines.join('\n')}\n`;
}

async function answers(httpUrl, timeoutMs) {
  try {
    const res = await fetch(httpUrl, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok && (await res.text()).trim() === 'OK';
  } catch {
    return false;
  }
}

/**
 * Starts livekit-server and resolves once it answers. `webhookUrls` are told of room and participant events;
 * `emptyTimeout`/`departureTimeout` are the server's defaults for rooms created without their own.
 * The handle can `kill()` the process (a crash, for fault tests), `start()` it again on the same ports,
 * and `stop()` it for good (removing its config folder).
 */
export async function startLiveKit(options = {}) {
  const binary = options.binary ?? findLiveKitServer();
  if (!binary) throw new Error(INSTALL_HINT);
  const apiKey = `ccw${randomBytes(6).toString('hex')}`;
  const apiSecret = randomBytes(24).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'ccw-livekit-'));
  const configPath = join(dir, 'livekit.yaml');
  let port;
  let httpUrl;
  let child;
  let output = '';
  let stopped = false;

  const writeConfig = async () => {
    port = await freeTcpPort();
    httpUrl = `http://127.0.0.1:${port}`;
    const tcpPort = await freeTcpPort();
    const udp = await freeUdpRange(options.udpPorts ?? 10);
    writeFileSync(
      configPath,
      yaml({
        port,
        tcpPort,
        udp,
        apiKey,
        apiSecret,
        webhookUrls: options.webhookUrls ?? [],
        emptyTimeout: options.emptyTimeout ?? 60,
        departureTimeout: options.departureTimeout ?? 5,
        logLevel: options.logLevel ?? 'warn',
      }),
    );
  };

  /** Whether the server at httpUrl is this one: it accepts this instance's own key. */
  const ours = async () => {
    try {
      await new RoomServiceClient(httpUrl, apiKey, apiSecret, { requestTimeout: 2 }).listRooms();
      return true;
    } catch {
      return false;
    }
  };

  const launch = async () => {
    output = '';
    child = spawn(binary, ['--dev', '--bind', '127.0.0.1', '--node-ip', '127.0.0.1', '--config', configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk) => {
      output = (output + chunk.toString()).slice(-8_000);
      if (options.log) process.stderr.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
    while (Date.now() < deadline) {
      const result = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(undefined), 100))]);
      if (result) return { exited: result };
      // Another suite's server on the same port would answer "OK" too; only ours takes our key.
      if ((await answers(httpUrl, 500)) && (await ours())) return { ready: true };
    }
    child.kill('SIGKILL');
    throw new Error(`livekit-server did not answer at ${httpUrl} within ${options.startTimeoutMs ?? 20_000} ms:\n${output}`);
  };

  // A port taken between choosing it and LiveKit binding it (another suite starting at the same moment): new ports.
  for (let attempt = 1; ; attempt++) {
    await writeConfig();
    const outcome = await launch();
    if (outcome.ready) break;
    if (attempt === 3 || !/address already in use/i.test(output)) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`livekit-server exited (${outcome.exited.code ?? outcome.exited.signal}) while starting:\n${output}`);
    }
  }

  const exit = (signal) =>
    new Promise((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });

  return {
    binary,
    version: liveKitVersion(binary),
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    apiKey,
    apiSecret,
    /** The last lines the server printed, for a failing test's message. */
    output: () => output,
    /** Whether the process is running. */
    running: () => Boolean(child && child.exitCode === null && child.signalCode === null),
    /** Kills the process at once, as a crash would. */
    kill: () => exit('SIGKILL'),
    /** Pauses the process (SIGSTOP), as a network that stops carrying packets would; `resume()` undoes it. */
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    /** Starts the process again on the same ports and configuration. */
    async start() {
      const outcome = await launch();
      if (!outcome.ready) throw new Error(`livekit-server exited (${outcome.exited.code ?? outcome.exited.signal}) while restarting:\n${output}`);
    },
    /** Stops the process and removes its configuration. */
    async stop() {
      if (stopped) return;
      stopped = true;
      child?.kill('SIGCONT');
      await exit('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
