/** Builds the real app for tests: real configuration parsing, real stores in a temp folder, chosen providers. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppDeps } from '../../src/app.ts';
import { composeServer, type ComposedServer } from '../../src/compose.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createProviders } from '../../src/providers/index.ts';
import type { Providers } from '../../src/providers/types.ts';

/** A configuration from environment overrides, with the audio store in a fresh temp folder. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ AUDIO_DIR: mkdtempSync(join(tmpdir(), 'ccw-audio-')), DATA_DIR: mkdtempSync(join(tmpdir(), 'ccw-data-')), ...env });
}

/** Everything a test may want to poke at. */
export interface TestApp {
  readonly app: ComposedServer['app'];
  readonly config: Config;
  readonly deps: AppDeps;
  /** Unexpected errors the app reported (500s). */
  readonly errors: unknown[];
  /** What the app told the operator. */
  readonly warnings: string[];
}

let localProviders: Promise<Providers> | undefined;

/** The local providers (real engines), built once per test file. */
export function sharedLocalProviders(): Promise<Providers> {
  localProviders ??= createProviders(testConfig());
  return localProviders;
}

/** Builds the app with the given env and providers (default: the real local engines). */
export async function makeTestApp(options: { env?: Record<string, string>; providers?: Partial<Providers> } = {}): Promise<TestApp> {
  const config = testConfig(options.env);
  const errors: unknown[] = [];
  const warnings: string[] = [];
  const providers = sharedLocalProviders().then((local) => ({ ...local, ...options.providers }));
  const composed = await composeServer(config, { providers, logError: (_m, err) => errors.push(err), logWarning: (m) => warnings.push(m) });
  return { app: composed.app, config, deps: composed.deps, errors, warnings };
}

/** One server-sent event. */
export interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Reads a whole SSE body into events. */
export async function readSse(response: Response): Promise<SseEvent[]> {
  const text = await response.text();
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    // Blank, or a comment only (the stream's keep-alive): no event.
    if (!block.trim() || block.split('\n').every((line) => line.startsWith(':'))) continue;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    events.push({ event, data: data.length ? (JSON.parse(data.join('\n')) as Record<string, unknown>) : {} });
  }
  return events;
}

/** A JSON POST as `app.request` takes it. */
export function jsonPost(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/** A multipart POST carrying one audio file and text fields. */
export function audioPost(field: string, data: Uint8Array, fields: Record<string, string> = {}, type = 'audio/wav', name = 'speech.wav'): RequestInit {
  const form = new FormData();
  form.set(field, new File([new Uint8Array(data)], name, { type }));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return { method: 'POST', body: form };
}
