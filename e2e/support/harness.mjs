// The end-to-end harness: the real server (local engines, 127.0.0.1, random port) with the demo site, and
// Debian's Chromium driven by playwright-core with a fake microphone fed from the committed speech WAV.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildTestServer } from '../../scripts/build-test-server.mjs';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../scripts/chromium.mjs';
import { ensureWidgetBuilt } from '../../scripts/build-widget.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export { CHROMIUM } from '../../scripts/chromium.mjs';
/** The committed WAV the fake microphone loops: "i would like to talk to sales about a new plan". */
export const SPEECH_WAV = `${ROOT}widget/test/fixtures/speech.wav`;
export const SPEECH_TEXT = 'i would like to talk to sales about a new plan';

/** Limits high enough that one test file never trips them. */
export const TEST_ENV = {
  RATE_LIMIT_AI: '10000/60',
  RATE_LIMIT_READ: '10000/60',
  RATE_LIMIT_TOKEN: '10000/60',
  MAX_CONCURRENT_PER_IP: '50',
};

let testServerModule;

/** Builds what the tests need (once per process; scripts/run-e2e.mjs builds first and sets CCW_E2E_BUILT). */
async function testServer() {
  if (!testServerModule) {
    if (process.env.CCW_E2E_BUILT !== '1') await ensureWidgetBuilt();
    const file = process.env.CCW_E2E_BUILT === '1' ? `${ROOT}server/.build/test-server.mjs` : await buildTestServer();
    testServerModule = await import(file);
  }
  return testServerModule;
}

/** Starts the real server with the demo site and the widget files; `env` on top of TEST_ENV. */
export async function startServer(env = {}) {
  const { startTestServer } = await testServer();
  return startTestServer({ ...TEST_ENV, ...env }, { static: true });
}

/**
 * Launches Chromium with a fake microphone playing `wav`. `grantMicrophone: false` leaves out the flag that
 * accepts permission prompts, so the page gets the browser's real denial.
 */
export async function launchBrowser({ wav = SPEECH_WAV, grantMicrophone = true } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; install it with: sudo apt-get install -y chromium`);
  const args = [...CHROMIUM_FLAGS, '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`];
  if (grantMicrophone) args.push('--use-fake-ui-for-media-stream');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/**
 * A page in a fresh context, 1280x800, with the instrumentation of ./instrument.mjs installed. Console errors
 * and page errors are collected on `page.problems` so a test can assert there were none.
 */
export async function newPage(browser, contextOptions = {}) {
  const { INSTRUMENT } = await import('./instrument.mjs');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  await context.addInitScript(INSTRUMENT);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  return page;
}

/** A tiny static server for one HTML page on another port (another origin than the call-center server). */
export async function servePage(html) {
  const server = createServer((req, res) => {
    if (req.url !== '/' && req.url !== '/index.html') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Starts the demo server and a browser before the enclosing suite's tests and closes both after them; the
 * returned object's `server` and `browser` are set once `before` has run.
 */
export function useDemo() {
  const demo = { server: undefined, browser: undefined };
  before(async () => {
    [demo.server, demo.browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  after(async () => {
    await demo.browser?.close();
    await demo.server?.close();
  });
  return demo;
}

/** Asks `probe` every 50 ms until it answers something truthy (returned), or throws after `timeoutMs`. */
export async function until(what, probe, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
