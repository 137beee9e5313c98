/** Builds the real app for tests: real configuration parsing, real stores in a temp folder, chosen providers. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppDeps } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createProviders } from '../../src/providers/index.ts';
import type { Providers } from '../../src/providers/types.ts';
import { AudioStore } from '../../src/stores/audio-store.ts';
import { ConversationStore } from '../../src/stores/conversation-store.ts';

/** A configuration from environment overrides, with the audio store in a fresh temp folder. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ AUDIO_DIR: mkdtempSync(join(tmpdir(), 'ccw-audio-')), ...env });
}

/** Everything a test may want to poke at. */
export interface TestApp {
  readonly app: ReturnType<typeof createApp>;
  readonly config: Config;
  readonly deps: AppDeps;
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
  const providers = { ...(await sharedLocalProviders()), ...options.providers };
  const audio = new AudioStore(config.audio);
  await audio.init();
  const conversations = new ConversationStore(config.conversations);
  const errors: unknown[] = [];
  const deps: AppDeps = { providers, audio, conversations, logError: (_m, err) => errors.push(err) };
  return { app: createApp(config, deps), config, deps };
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
    if (!block.trim()) continue;
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
