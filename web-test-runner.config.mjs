// web-test-runner: the widget's tests in Debian's Chromium with a fake microphone fed from a committed WAV of
// real speech (or silence), against the real server on loopback.
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildTestServer } from './scripts/build-test-server.mjs';
import { CHROMIUM as chromium, CHROMIUM_FLAGS } from './scripts/chromium.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
if (!existsSync(chromium)) {
  console.error(`web-test-runner: Chromium not found at ${chromium}; install it with: sudo apt-get install -y chromium`);
  process.exit(1);
}

// Servers in this process: local engines with LiveKit off; one that claims LiveKit at an address where nothing
// listens (port 9, discard), for the fallback test; and the two below.
const { startTestServer } = await import(await buildTestServer());
const OPEN = { ALLOWED_ORIGINS: '*', RATE_LIMIT_AI: '10000/60', RATE_LIMIT_READ: '10000/60', RATE_LIMIT_TOKEN: '10000/60', MAX_CONCURRENT_PER_IP: '50' };
const server = await startTestServer(OPEN);
const livekitServer = await startTestServer({ ...OPEN, LIVEKIT_URL: 'ws://127.0.0.1:9', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' });
// A LiveKit host that accepts connections and never answers (the customer's first words must not wait for it),
// and a server whose speech recognizer is not installed (no voice call may be offered).
const silentHost = createServer((socket) => socket.on('error', () => undefined));
await new Promise((resolve) => silentHost.listen(0, '127.0.0.1', resolve));
const hangingLivekitServer = await startTestServer({
  ...OPEN,
  LIVEKIT_URL: `ws://127.0.0.1:${silentHost.address().port}`,
  LIVEKIT_API_KEY: 'devkey',
  LIVEKIT_API_SECRET: 'secret',
});
const noRecognizerServer = await startTestServer({ ...OPEN, POCKETSPHINX_PATH: '/nonexistent/pocketsphinx_continuous' });
process.on('exit', () => {
  server.close();
  livekitServer.close();
  hangingLivekitServer.close();
  noRecognizerServer.close();
  silentHost.close();
});

const flags = [...CHROMIUM_FLAGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

function browserWithMic(wav) {
  return chromeLauncher({
    launchOptions: {
      executablePath: chromium,
      headless: true,
      args: [...flags, `--use-file-for-fake-audio-capture=${root}widget/test/fixtures/${wav}`],
    },
  });
}

// WTR_FILES=widget/test/audio runs only the files under that folder, each in its own group's browser. (Files
// passed on the command line would go to a default group whose browser lacks the flags above.)
const filter = process.env.WTR_FILES?.replace(/\/+$/, '');
function group(name, folder, exclude, wav) {
  if (filter && !filter.startsWith(folder) && !folder.startsWith(filter)) return [];
  if (filter && exclude.some((glob) => filter.startsWith(glob.slice(1).replace(/\/\*\*$/, '')))) return [];
  const root = filter && filter.startsWith(folder) ? filter : folder;
  return [{ name, files: [`${root}/**/*.test.ts`, ...exclude], browsers: [browserWithMic(wav)] }];
}

/** Prints one plain `N passed, N failed` line at the end, which CI reads (the progress bars are not plain). */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const count = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const t of suite?.tests ?? []) count[t.skipped ? 'skipped' : t.passed ? 'passed' : 'failed'] += 1;
        for (const s of suite?.suites ?? []) walk(s);
      };
      for (const session of sessions) {
        walk(session.testResults);
        // A file that failed to load has no results: count it, or a broken file would pass unseen.
        if (!session.testResults && !session.passed) count.failed += 1;
      }
      process.on('exit', () => console.log(`widget: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`));
    },
  };
}

const testGlobals = `<script>window.CCW_TEST = ${JSON.stringify({
  serverUrl: server.url,
  livekitServerUrl: livekitServer.url,
  hangingLivekitServerUrl: hangingLivekitServer.url,
  noRecognizerServerUrl: noRecognizerServer.url,
})};</script>`;

export default {
  rootDir: root,
  nodeResolve: true,
  reporters: [defaultReporter(), countingReporter()],
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 20_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: `${root}widget/tsconfig.json` })],
  testRunnerHtml: (testFramework) =>
    `<html><head>${testGlobals}</head><body><script type="module" src="${testFramework}"></script></body></html>`,
  groups: [
    ...group('speech', 'widget/test', ['!widget/test/silence/**', '!widget/test/refused/**'], 'speech.wav'),
    ...group('silence', 'widget/test/silence', [], 'silence.wav'),
    ...group('refused', 'widget/test/refused', [], 'reversed.wav'),
  ],
};
