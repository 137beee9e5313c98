/**
 * The limits every route carries, by class: a request budget per client (one counter per class, shared by its
 * routes), a cap on provider calls running at once, and a body size limit. Route modules put the bundle of
 * their class in each route's definition (`middleware`), so a route and its limits move together.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env.ts';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import { concurrencyLimit } from '../middleware/concurrency.ts';
import { rateLimit } from '../middleware/rate-limit.ts';

type Chain = MiddlewareHandler<AppEnv>[];

/** The middleware bundles, one per route class. */
export interface Limits {
  /** Health, config, audio files, the API description. */
  readonly read: Chain;
  /** Token minting (small JSON bodies). */
  readonly token: Chain;
  /** Provider calls with a JSON body (synthesize, conversation). */
  readonly aiJson: Chain;
  /** Provider calls with an audio upload (transcribe, voice turn). */
  readonly aiAudio: Chain;
  /** Admin routes (small JSON bodies). */
  readonly admin: Chain;
  /** LiveKit's webhook events. */
  readonly webhook: Chain;
  /** Console sign-in (small JSON bodies, few attempts). */
  readonly signIn: Chain;
  /** The rest of the console (small JSON bodies; a console asks ~50 times a minute). */
  readonly console: Chain;
  /** Static files: the widget's script (every page view of a customer's site), the demo, the console's page. */
  readonly files: Chain;
}

// Multipart framing around the file: boundaries, part headers and the small text fields.
const MULTIPART_OVERHEAD = 64 * 1024;

/** Builds the bundles once per app: each class keeps one counter per client across its routes. */
export function createLimits(config: Config): Limits {
  const { rate } = config.limits;
  const read = rateLimit(rate.read);
  const ai = rateLimit(rate.ai);
  const concurrency = concurrencyLimit(config.limits.concurrentPerIp);
  const json = tooLarge('request body', config.limits.jsonBytes);
  const audio = tooLarge('audio upload', config.limits.audioBytes + MULTIPART_OVERHEAD);
  return {
    read: [read],
    token: [rateLimit(rate.token), json],
    aiJson: [ai, concurrency, json],
    aiAudio: [ai, concurrency, audio],
    admin: [read, json],
    webhook: [rateLimit(rate.webhook), json],
    signIn: [rateLimit(rate.signIn), json],
    console: [rateLimit(rate.console), json],
    files: [rateLimit(rate.files)],
  };
}

function tooLarge(what: string, max: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: max,
    onError: () => {
      throw new ApiError('payload_too_large', `The ${what} is larger than ${formatBytes(max)}.`);
    },
  });
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}
