/**
 * Static files: the widget build at `/widget/<file>` (loaded cross-origin by customers' sites), the demo site at
 * `/` and `/examples/<file>`, the staff console at `/console` (its page under a strict Content-Security-Policy),
 * and, for the bundler example's import map, allowlisted npm packages at `/vendor/<package>/<file>`. Only files
 * found by scanning those folders are served (FileAllowlist). Every HTML page carries a Content-Security-Policy;
 * each file is read and gzipped once (again only when it changes on disk), and the routes are rate limited.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError, badRequest } from '../errors.ts';
import { extension, FileAllowlist, isSafeName } from '../stores/file-allowlist.ts';

/** Where the static files live. */
export interface StaticRoutesOptions {
  /** The widget build (the call-center-widget package's dist/). */
  readonly widgetDir: string;
  /** The demo site (examples/). */
  readonly examplesDir: string;
  /** Packages served under `/vendor/<name>/` for the bundler example: package name -> its folder. */
  readonly vendorDirs?: Readonly<Record<string, string>>;
  /** The staff console's build (server/dist/console); `/console` answers 503 console_not_built without it. */
  readonly consoleDir?: string;
}

/**
 * The console page's policy: its own script and styles only (Lit's styles are constructed sheets), requests to
 * this server and its LiveKit server only (joining a call), no frames, no plugins, no inline anything, and DOM
 * sinks only through Lit's Trusted Types policy.
 */
export function consoleCsp(livekitUrl?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self'${livekitUrl ? ` ${livekitOrigins(livekitUrl).join(' ')}` : ''}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');
}

/** LiveKit's signalling (ws/wss) and its HTTP fallback checks, for a configured LIVEKIT_URL. */
function livekitOrigins(url: string): string[] {
  const u = new URL(url);
  const secure = u.protocol === 'https:' || u.protocol === 'wss:';
  return [`${secure ? 'wss' : 'ws'}://${u.host}`, `${secure ? 'https' : 'http'}://${u.host}`];
}

/** The console page's policy with no LiveKit configured. */
export const CONSOLE_CSP = consoleCsp();

/**
 * The demo pages' policy: scripts from this server (and the page's own inline scripts, such as an import map, by
 * hash), styles from files (style attributes allowed: they run nothing), requests to this server and LiveKit.
 * The widget is built for such a page: no inline script, no eval, its worklet from a file.
 */
export function pageCsp(livekitUrl: string | undefined, inlineScriptHashes: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src 'self'${inlineScriptHashes.map((h) => ` '${h}'`).join('')}`,
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    `connect-src 'self'${livekitUrl ? ` ${livekitOrigins(livekitUrl).join(' ')}` : ''}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** `sha256-…` of each inline `<script>` (one without `src`) of an HTML page, as CSP names them. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.push(`sha256-${createHash('sha256').update(match[1] ?? '', 'utf8').digest('base64')}`);
  }
  return hashes;
}

/** Types worth compressing (text), above this size. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.map', '.json', '.html', '.css', '.svg']);
const COMPRESS_OVER_BYTES = 1024;
const gzipAsync = promisify(gzip);

interface CachedFile {
  readonly size: number;
  readonly mtimeMs: number;
  readonly etag: string;
  readonly body: Uint8Array<ArrayBuffer>;
  readonly gzipped: Uint8Array<ArrayBuffer> | undefined;
  /** An HTML page's hashes of inline scripts, for its policy. */
  readonly scriptHashes: readonly string[];
}

/** Files as served: read and gzipped once, again only when their size or time on disk changes. */
class FileCache {
  private readonly files = new Map<string, Promise<CachedFile>>();

  async get(path: string): Promise<CachedFile> {
    const info = await stat(path);
    const cached = await this.files.get(path)?.catch(() => undefined);
    if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) return cached;
    const loading = this.load(path, info.size, info.mtimeMs);
    this.files.set(path, loading);
    loading.catch(() => this.files.delete(path));
    return loading;
  }

  private async load(path: string, size: number, mtimeMs: number): Promise<CachedFile> {
    const data = await readFile(path);
    const body = new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    const ext = extension(path);
    const gzipped = COMPRESSIBLE.has(ext) && body.byteLength > COMPRESS_OVER_BYTES ? new Uint8Array(await gzipAsync(body, { level: 9 })) : undefined;
    return {
      size,
      mtimeMs,
      etag: `W/"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`,
      body,
      gzipped: gzipped && gzipped.byteLength < body.byteLength ? (gzipped as Uint8Array<ArrayBuffer>) : undefined,
      scriptHashes: ext === '.html' ? inlineScriptHashes(data.toString('utf8')) : [],
    };
  }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// The widget's names are not content-hashed, so browsers re-check them after five minutes.
const WIDGET_CACHE = 'public, max-age=300';
const EXAMPLES_CACHE = 'no-cache';
const VENDOR_CACHE = 'public, max-age=3600';

/** The static routes, mounted at `/`; `limited`: the rate limit every file request counts against. */
export function createStaticRoutes(options: StaticRoutesOptions, settings: { livekitUrl?: string } = {}, limited: MiddlewareHandler<AppEnv>[] = []): Hono<AppEnv> {
  const csp = consoleCsp(settings.livekitUrl);
  const cache = new FileCache();
  const send = (c: Context<AppEnv>, path: string, cacheControl: string): Promise<Response> => sendFile(c, cache, path, cacheControl, settings.livekitUrl);
  const widget = new FileAllowlist(options.widgetDir, { extensions: ['.js', '.mjs', '.map', '.json'], maxDepth: 1 });
  const examples = new FileAllowlist(options.examplesDir, { extensions: ['.html', '.css', '.js', '.svg', '.png'], maxDepth: 2 });
  const vendors = Object.entries(options.vendorDirs ?? {})
    // Longest name first, so `lit-html` is not taken for `lit`.
    .sort(([a], [b]) => b.length - a.length)
    .map(([name, dir]) => ({ prefix: `${name}/`, files: new FileAllowlist(dir, { extensions: ['.js', '.map'], maxDepth: 4 }) }));

  const app = new Hono<AppEnv>();
  // Counted per client like every route (a page load is a handful of files; the widget's script is cached).
  for (const path of ['/', '/widget/*', '/examples/*', '/console', '/console/*', '/vendor/*']) if (limited.length > 0) app.use(path, ...limited);

  app.get('/widget/*', async (c) => {
    // Customers' sites load these with <script type="module">, a worklet fetch or `crossorigin`: any site may read them.
    c.header('Access-Control-Allow-Origin', '*');
    const name = requestedName(c, '/widget/');
    const found = await widget.lookup(name);
    if (found === 'folder_missing') {
      throw new ApiError('widget_not_built', 'The widget has not been built on this server. Run `npm run build:widget` (or `npm start`, which builds it).');
    }
    if (found === 'not_found') throw notFound(name);
    return send(c, found.path, WIDGET_CACHE);
  });

  app.get('/', async (c) => {
    const found = await examples.lookup('index.html');
    if (typeof found === 'string') throw notFound('index.html');
    return send(c, found.path, EXAMPLES_CACHE);
  });

  app.get('/examples/*', async (c) => {
    const name = requestedName(c, '/examples/');
    const found = await examples.lookup(name);
    if (typeof found === 'string') throw notFound(name);
    return send(c, found.path, EXAMPLES_CACHE);
  });

  const consoleFiles = options.consoleDir ? new FileAllowlist(options.consoleDir, { extensions: ['.html', '.js'], maxDepth: 1 }) : undefined;
  const consoleFile = async (c: Context<AppEnv>, name: string, cacheControl: string): Promise<Response> => {
    const found = await consoleFiles?.lookup(name);
    if (found === undefined || found === 'folder_missing') {
      throw new ApiError('console_not_built', 'The staff console has not been built on this server. Run `npm run build:server` (or `npm start`, which builds it).');
    }
    if (found === 'not_found') throw notFound(name);
    return send(c, found.path, cacheControl);
  };
  app.get('/console', async (c) => {
    c.header('Content-Security-Policy', csp);
    c.header('Referrer-Policy', 'no-referrer');
    return consoleFile(c, 'index.html', EXAMPLES_CACHE);
  });
  app.get('/console/*', async (c) => consoleFile(c, requestedName(c, '/console/'), EXAMPLES_CACHE));

  app.get('/vendor/*', async (c) => {
    const name = requestedName(c, '/vendor/');
    const vendor = vendors.find((v) => name.startsWith(v.prefix));
    if (!vendor) throw notFound(name);
    const found = await vendor.files.lookup(name.slice(vendor.prefix.length));
    if (typeof found === 'string') throw notFound(name);
    return send(c, found.path, VENDOR_CACHE);
  });

  return app;
}

/** The percent-decoded file name after `prefix`, refused with 400 unless shaped like a plain relative path. */
function requestedName(c: Context<AppEnv>, prefix: string): string {
  // The raw path: the URL parser has already resolved `.`/`..` segments; decoding is done here, once.
  const raw = new URL(c.req.url).pathname;
  // Hono routes on a decoded path: `/%77idget/x` reaches this handler without the raw path starting with prefix.
  if (!raw.startsWith(prefix)) throw badRequest('Request files by their plain path.', 'invalid_path');
  let name: string;
  try {
    name = decodeURIComponent(raw.slice(prefix.length));
  } catch {
    throw badRequest('The file name is not valid percent-encoding.', 'invalid_path');
  }
  if (!isSafeName(name)) throw badRequest('That is not the name of a file this server serves.', 'invalid_path');
  return name;
}

function notFound(name: string): ApiError {
  return new ApiError('not_found', `There is no file named ${JSON.stringify(name.slice(0, 100))} here.`);
}

/**
 * Answers with the file (gzipped when the browser takes it), or 304 when the browser's copy (by ETag) is current.
 * An HTML page without a policy of its own (the console's is set by its route) gets the demo pages' policy.
 */
async function sendFile(c: Context<AppEnv>, cache: FileCache, path: string, cacheControl: string, livekitUrl: string | undefined): Promise<Response> {
  let file: CachedFile;
  try {
    file = await cache.get(path);
  } catch {
    // Deleted between the scan and now (a rebuild in progress).
    throw new ApiError('not_found', 'That file is gone; reload the page.');
  }
  const ext = extension(path);
  c.header('Cache-Control', cacheControl);
  c.header('ETag', file.etag);
  c.header('Content-Type', CONTENT_TYPES[ext] ?? 'application/octet-stream');
  if (ext === '.html' && !c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', pageCsp(livekitUrl, file.scriptHashes));
  if (file.gzipped) c.header('Vary', 'Accept-Encoding');
  const match = c.req.header('if-none-match');
  if (match && match.split(',').some((tag) => tag.trim() === file.etag || tag.trim() === '*')) return c.body(null, 304);
  if (file.gzipped && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    c.header('Content-Encoding', 'gzip');
    return c.body(file.gzipped, 200);
  }
  return c.body(file.body, 200);
}
