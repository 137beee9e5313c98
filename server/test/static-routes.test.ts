/** The widget build, the demo site and the vendor packages, served from allowlists of scanned files. */
import { serve, type ServerType } from '@hono/node-server';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { CONSOLE_CSP, consoleCsp } from '../src/routes/static.ts';
import { CallRegistry } from '../src/stores/call-registry.ts';
import { ConversationStore } from '../src/stores/conversation-store.ts';
import { AudioStore } from '../src/stores/audio-store.ts';
import { sharedLocalProviders, testConfig } from './support/test-app.ts';

const SCRIPT = `/* widget */ ${'console.log("call-center-widget");\n'.repeat(100)}`;
/** The import map of a page that has one inline (its policy allows it by hash). */
const IMPORT_MAP = '{"imports":{"lit":"/vendor/lit/index.js"}}';

/** A package-like folder: a built widget, a demo site, a vendor package, and secrets beside them. */
function makeSite(): { root: string; widgetDir: string; examplesDir: string; vendorDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'ccw-static-'));
  const widgetDir = join(root, 'widget/dist');
  const examplesDir = join(root, 'examples');
  const vendorDir = join(root, 'node_modules/lit');
  for (const dir of [join(widgetDir, 'esm'), join(examplesDir, 'bundler'), join(vendorDir, 'directives')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"secret":true}');
  writeFileSync(join(root, '.env'), 'OPENAI_API_KEY=sk-secret');
  writeFileSync(join(widgetDir, 'call-center-widget.js'), SCRIPT);
  writeFileSync(join(widgetDir, 'call-center-widget.js.map'), '{"version":3}');
  writeFileSync(join(widgetDir, 'esm/call-center-widget.js'), 'export {};');
  writeFileSync(join(widgetDir, 'notes.txt'), 'not served');
  writeFileSync(join(widgetDir, '.hidden.js'), 'not served');
  symlinkSync(join(root, 'package.json'), join(widgetDir, 'linked.js'));
  writeFileSync(join(examplesDir, 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(examplesDir, 'site.css'), 'body{}');
  writeFileSync(join(examplesDir, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(examplesDir, 'bundler/main.js'), 'import "lit";');
  writeFileSync(join(examplesDir, 'mapped.html'), `<!doctype html><script type="importmap">${IMPORT_MAP}</script><script src="/examples/bundler/main.js" type="module"></script>`);
  writeFileSync(join(examplesDir, 'changing.js'), `/* one */ ${'x();'.repeat(500)}`);
  writeFileSync(join(vendorDir, 'index.js'), 'export {};');
  writeFileSync(join(vendorDir, 'directives/repeat.js'), 'export {};');
  writeFileSync(join(vendorDir, 'package.json'), '{}');
  return { root, widgetDir, examplesDir, vendorDir };
}

async function makeApp(dirs: { widgetDir: string; examplesDir: string; vendorDir?: string; consoleDir?: string }, env: Record<string, string> = {}) {
  const config = testConfig({ ALLOWED_ORIGINS: 'https://shop.example', ...env });
  const audio = new AudioStore(config.audio);
  await audio.init();
  return createApp(config, {
    providers: await sharedLocalProviders(),
    audio,
    conversations: new ConversationStore(config.conversations),
    calls: new CallRegistry(),
    static: {
      widgetDir: dirs.widgetDir,
      examplesDir: dirs.examplesDir,
      vendorDirs: dirs.vendorDir ? { lit: dirs.vendorDir } : {},
      ...(dirs.consoleDir ? { consoleDir: dirs.consoleDir } : {}),
    },
  });
}

async function errorCode(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return ((await res.json()) as { error: { code: string } }).error.code;
}

const site = makeSite();
let app: Awaited<ReturnType<typeof makeApp>>;
beforeAll(async () => {
  app = await makeApp(site);
});
afterAll(() => rmSync(site.root, { recursive: true, force: true }));

describe('GET /widget/<file>', () => {
  it('serves the script with its content type, a short cache and CORS for every site', async () => {
    const res = await app.request('/widget/call-center-widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await res.text()).toBe(SCRIPT);
  });

  it('serves source maps as JSON and the ESM build from its folder', async () => {
    const map = await app.request('/widget/call-center-widget.js.map');
    expect(map.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const esm = await app.request('/widget/esm/call-center-widget.js');
    expect(esm.status).toBe(200);
    expect(esm.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves a site that is not on the allowlist (a module script sends its Origin), while the API still refuses it', async () => {
    const headers = { Origin: 'https://elsewhere.test' };
    const script = await app.request('/widget/call-center-widget.js', { headers });
    expect(script.status).toBe(200);
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
    const api = await app.request('/api/config', { headers });
    expect(api.status).toBe(403);
    expect(await errorCode(api)).toBe('origin_not_allowed');
  });

  it('gzips scripts for browsers that accept it', async () => {
    const res = await app.request('/widget/call-center-widget.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(SCRIPT);
  });

  it('answers 304 when the browser already has the current file', async () => {
    const first = await app.request('/widget/call-center-widget.js');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const again = await app.request('/widget/call-center-widget.js', { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
  });

  it('answers HEAD without a body', async () => {
    const res = await app.request('/widget/call-center-widget.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('serves only files of the build: not other extensions, dotfiles or symlinks out of the folder', async () => {
    expect(await errorCode(await app.request('/widget/notes.txt'))).toBe('not_found');
    expect(await errorCode(await app.request('/widget/linked.js'))).toBe('not_found');
    expect(await errorCode(await app.request('/widget/missing.js'))).toBe('not_found');
    expect(await errorCode(await app.request('/widget/.hidden.js'))).toBe('invalid_path');
  });

  it('refuses traversal, plain and encoded, with a 4xx JSON error', async () => {
    const attempts = [
      '/widget/../package.json',
      '/widget/%2e%2e/%2e%2e/package.json',
      '/widget/..%2f..%2fpackage.json',
      '/widget/%2e%2e%2f%2e%2e%2f.env',
      '/widget/%252e%252e%252fpackage.json',
      '/widget/esm%5c..%5c..%5cpackage.json',
      '/widget/..%5c..%5c.env',
      '/widget/call-center-widget.js%00.map',
      '/widget/%c0%ae%c0%ae/package.json',
      '/widget/%zz',
      '/widget/',
      '/examples/..%2f..%2fpackage.json',
      '/vendor/lit/..%2fpackage.json',
      '/vendor/lit/%2e%2e/%2e%2e/package.json',
    ];
    for (const path of attempts) {
      const res = await app.request(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      const body = await res.text();
      expect(body, path).not.toContain('secret');
      expect(JSON.parse(body).error.code, path).toMatch(/^(invalid_path|not_found)$/);
    }
  });

  it('refuses traversal sent raw on a real socket, as an attacker would send it', async () => {
    let server!: ServerType;
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    try {
      const { port } = server.address() as AddressInfo;
      for (const path of ['/widget/../package.json', '/widget/../../../../etc/passwd', '/widget/..%2f.env', '/widget/esm/../../../.env']) {
        const response = await rawGet(port, path);
        expect(response, path).toMatch(/^HTTP\/1\.1 4\d\d /);
        expect(response, path).not.toContain('secret');
        expect(response, path).not.toContain('root:');
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers 503 widget_not_built when there is no build, and serves it once built', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ccw-static-empty-'));
    try {
      const widgetDir = join(root, 'widget/dist');
      const empty = await makeApp({ widgetDir, examplesDir: join(root, 'examples') });
      const res = await empty.request('/widget/call-center-widget.js');
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('widget_not_built');
      expect(body.error.message).toContain('npm run build:widget');
      mkdirSync(widgetDir, { recursive: true });
      writeFileSync(join(widgetDir, 'call-center-widget.js'), SCRIPT);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await empty.request('/widget/call-center-widget.js')).status).toBe(200);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the staff console page', () => {
  it('answers 503 console_not_built without a build, then serves its page under a strict CSP and its script', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ccw-static-console-'));
    try {
      const consoleDir = join(root, 'console');
      const site = await makeApp({ widgetDir: join(root, 'widget'), examplesDir: join(root, 'examples'), consoleDir });
      const missing = await site.request('/console');
      expect(missing.status).toBe(503);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('console_not_built');
      mkdirSync(consoleDir, { recursive: true });
      writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><ccw-console></ccw-console>');
      writeFileSync(join(consoleDir, 'console.js'), 'customElements.define("ccw-console", class extends HTMLElement {});');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const page = await site.request('/console');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(CONSOLE_CSP).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'/);
      expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
      // With LiveKit, the page may reach it too (a member joining a call), and nothing else.
      expect(consoleCsp('wss://lk.example.com')).toContain("connect-src 'self' wss://lk.example.com https://lk.example.com;");
      expect(consoleCsp('http://127.0.0.1:7880')).toContain("connect-src 'self' ws://127.0.0.1:7880 http://127.0.0.1:7880;");
      expect((await site.request('/console/console.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect((await site.request('/console/../examples/x.html')).status).toBeGreaterThanOrEqual(400);
      expect((await site.request('/console/secret.txt')).status).toBe(404);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the demo site', () => {
  it('serves index.html at / and the site files under /examples/', async () => {
    const home = await app.request('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toContain('<title>demo</title>');
    const types = { '/examples/index.html': 'text/html', '/examples/site.css': 'text/css', '/examples/logo.svg': 'image/svg+xml', '/examples/bundler/main.js': 'text/javascript' };
    for (const [path, type] of Object.entries(types)) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toContain(type);
    }
  });

  it('sends every HTML page a Content-Security-Policy that allows its inline import map by hash and nothing else inline', async () => {
    const hash = `sha256-${createHash('sha256').update(IMPORT_MAP).digest('base64')}`;
    for (const path of ['/', '/examples/index.html', '/examples/mapped.html']) {
      const policy = (await app.request(path)).headers.get('content-security-policy') ?? '';
      expect(policy, path).toMatch(/^default-src 'none'; script-src 'self'/);
      expect(policy, path).toContain("connect-src 'self'");
      expect(policy, path).toContain("base-uri 'none'");
      expect(policy.includes(hash), path).toBe(path === '/examples/mapped.html');
      // Style attributes (they run nothing) are the one thing allowed inline.
      expect(policy.replace("style-src-attr 'unsafe-inline'", ''), path).not.toContain('unsafe');
    }
    // Not on scripts and styles: a policy is a page's.
    expect((await app.request('/examples/site.css')).headers.get('content-security-policy')).toBeNull();
  });

  it('reads and gzips a file once, and again only when it changes on disk', async () => {
    const path = join(site.examplesDir, 'changing.js');
    const first = await app.request('/examples/changing.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gunzipSync(Buffer.from(await first.arrayBuffer())).toString()).toMatch(/^\/\* one \*\//);
    writeFileSync(path, `/* two, longer */ ${'y();'.repeat(600)}`);
    const second = await app.request('/examples/changing.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gunzipSync(Buffer.from(await second.arrayBuffer())).toString()).toMatch(/^\/\* two, longer \*\//);
    expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
    // Without gzip, the file as it is.
    expect(await (await app.request('/examples/changing.js')).text()).toMatch(/^\/\* two, longer \*\//);
  });

  it('counts file requests against RATE_LIMIT_FILES, apart from the API\'s budgets', async () => {
    const limited = await makeApp(site, { RATE_LIMIT_FILES: '3/60', RATE_LIMIT_READ: '100/60' });
    for (const path of ['/', '/widget/call-center-widget.js', '/examples/site.css']) expect((await limited.request(path)).status, path).toBe(200);
    const refused = await limited.request('/examples/logo.svg');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The API is not counted against it, nor it against the API.
    for (let i = 0; i < 5; i++) expect((await limited.request('/api/health')).status).toBe(200);
  });

  it('answers an unknown page with a JSON 404', async () => {
    expect(await errorCode(await app.request('/examples/nothing.html'))).toBe('not_found');
  });
});

describe('GET /vendor/<package>/<file>', () => {
  it('serves the scripts of allowlisted packages only', async () => {
    const index = await app.request('/vendor/lit/index.js');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await app.request('/vendor/lit/directives/repeat.js')).status).toBe(200);
    expect(await errorCode(await app.request('/vendor/lit/package.json'))).toBe('not_found');
    expect(await errorCode(await app.request('/vendor/openai/index.js'))).toBe('not_found');
  });
});

/** Sends one GET with the path exactly as given (no URL normalisation) and returns the whole response. */
function rawGet(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
