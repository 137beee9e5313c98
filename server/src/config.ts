/**
 * Server configuration, read once from the environment and validated at start-up. Every problem is reported
 * as one line naming the variable, then start-up stops (see main.ts).
 */
import { join, resolve } from 'node:path';
import proxyaddr from 'proxy-addr';

/** Which implementation serves a capability; `auto` means openai when OPENAI_API_KEY is set, else local. */
export type ProviderChoice = 'openai' | 'local' | 'auto';

/** A request budget: `max` requests per `windowSeconds` per client IP. */
export interface RateLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

/** The validated configuration. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Exact origins (`https://shop.example`) and wildcard patterns (`https://*.example.com`); `*` allows any. */
  readonly allowedOrigins: readonly string[];
  /** Unset: the admin routes answer 404, as if they did not exist. */
  readonly adminApiKey: string | undefined;
  /**
   * TRUST_PROXY: which peers' `X-Forwarded-For` to believe — false (none), a number of proxy hops in front of the
   * server (`true` is 1), or proxy-addr's list of trusted proxy addresses (`loopback`, `10.0.0.0/8`, …).
   */
  readonly trustProxy: false | number | readonly string[];
  /**
   * PUBLIC_ORIGIN: the origins this server is reached at (its pages are same-origin there). Without it, only a
   * request to a loopback name (localhost, 127.0.0.1, [::1]) counts its own Host as the server's origin.
   */
  readonly publicOrigins: readonly string[];

  readonly livekit: {
    /** Unset: LiveKit is off, `/api/room/token` answers 503 `livekit_disabled`. */
    readonly url: string | undefined;
    readonly apiKey: string;
    readonly apiSecret: string;
    /** Lifetime of a public (customer) token. */
    readonly tokenTtlSeconds: number;
    /** Lifetime of a staff token minted on the admin route. */
    readonly staffTokenTtlSeconds: number;
    /** How long a call handle lets a customer return to the same room. */
    readonly callHandleTtlSeconds: number;
    /** Secret that signs call handles; defaults to a derivation of the API secret. */
    readonly callHandleSecret: string;
    /** A call's room closes this long after it was created empty (nobody ever joined). */
    readonly emptyTimeoutSeconds: number;
    /** A call's room closes this long after its last participant left. */
    readonly departureTimeoutSeconds: number;
    /**
     * `LIVEKIT_AGENT` (on by default): customer tokens dispatch the AI agent (a worker, `call-center-server agent`)
     * into each call's room. It has an effect only with LiveKit configured; `off` keeps calls on direct turns.
     */
    readonly agent: boolean;
  };

  readonly openai: {
    readonly apiKey: string | undefined;
    readonly baseUrl: string | undefined;
    readonly sttModel: string;
    readonly ttsModel: string;
    readonly chatModel: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
  };

  readonly providers: {
    readonly stt: ProviderChoice;
    readonly tts: ProviderChoice;
    readonly chat: ProviderChoice;
  };

  readonly local: {
    /** Path of Debian's espeak-ng binary (Arabic and other languages for local synthesis). */
    readonly espeakPath: string;
    /** Path of Debian's pocketsphinx_continuous binary (local recognition of the engine's phrases). */
    readonly pocketsphinxPath: string;
    /** Folder holding the pocketsphinx en-us acoustic model and dictionary. */
    readonly pocketsphinxModelDir: string;
  };

  readonly audio: {
    readonly dir: string;
    readonly ttlSeconds: number;
    readonly maxTotalBytes: number;
    readonly sweepIntervalSeconds: number;
  };

  readonly data: {
    /** DATA_DIR: where the server's records live (call-center.db: tickets, staff), absolute. Default `./data`. */
    readonly dir: string;
  };

  readonly staff: {
    /** STAFF_SESSION_HOURS: a console sign-in lasts this long. */
    readonly sessionHours: number;
  };

  readonly conversations: {
    readonly idleTtlSeconds: number;
    readonly maxTurns: number;
    readonly maxConversations: number;
    /** CONVERSATION_MAX_MB: what all conversations may hold together (oldest idle ones go first). */
    readonly maxBytes: number;
    /** CONVERSATION_MAX_KB: what one conversation may hold (its oldest turns go first). */
    readonly maxConversationBytes: number;
  };

  readonly limits: {
    readonly audioBytes: number;
    readonly jsonBytes: number;
    readonly textChars: number;
    /** Concurrent provider calls (transcribe, synthesize, chat) one client IP may have running. */
    readonly concurrentPerIp: number;
    /** STREAM_HEARTBEAT_SECONDS: a comment on a turn's event stream after this long without an event. */
    readonly streamHeartbeatSeconds: number;
    readonly rate: {
      /** `/api/room/token`. */
      readonly token: RateLimit;
      /** `/api/transcribe`, `/api/synthesize`, `/api/conversation`, `/api/voice-turn`. */
      readonly ai: RateLimit;
      /** Everything else public: health, config, audio files. */
      readonly read: RateLimit;
      /** LiveKit's webhook events (per LiveKit server: one event per join, leave and room). */
      readonly webhook: RateLimit;
      /** Console sign-in attempts, per client and (failed ones) per staff name. */
      readonly signIn: RateLimit;
      /** Everything else of the console, per client: several members behind one office address share it. */
      readonly console: RateLimit;
      /** RATE_LIMIT_FILES: static files (the widget's script, the demo, the console's page). */
      readonly files: RateLimit;
    };
  };
}

/** Thrown by `loadConfig` with one line per problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = new Reader(env, problems);

  const livekitUrl = read.optionalUrl('LIVEKIT_URL', ['ws:', 'wss:', 'http:', 'https:']);
  const livekitKey = read.string('LIVEKIT_API_KEY', '');
  const livekitSecret = read.string('LIVEKIT_API_SECRET', '');
  if (livekitUrl) {
    if (!livekitKey) problems.push('LIVEKIT_API_KEY: required when LIVEKIT_URL is set');
    if (!livekitSecret) problems.push('LIVEKIT_API_SECRET: required when LIVEKIT_URL is set');
    // LiveKit signs with HS256; a short secret is guessable and livekit-server itself refuses < 32 chars.
    else if (livekitSecret.length < 32 && !/^secret$/.test(livekitSecret)) {
      problems.push('LIVEKIT_API_SECRET: must be at least 32 characters (livekit-server --dev uses "secret", which is accepted)');
    }
  }

  const dataDir = resolve(read.string('DATA_DIR', 'data'));
  const adminApiKey = read.string('ADMIN_API_KEY', '') || undefined;
  if (adminApiKey !== undefined && adminApiKey.length < 16) {
    problems.push('ADMIN_API_KEY: must be at least 16 characters, or unset to turn the admin routes off');
  }

  const openaiKey = read.string('OPENAI_API_KEY', '') || undefined;
  const providerChoice = (name: string): ProviderChoice => {
    const value = read.oneOf(name, ['openai', 'local', 'auto'] as const, 'auto');
    if (value === 'openai' && !openaiKey) problems.push(`${name}: "openai" needs OPENAI_API_KEY`);
    return value;
  };

  const config: Config = {
    port: read.int('PORT', 8000, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    allowedOrigins: read.origins('ALLOWED_ORIGINS'),
    adminApiKey,
    trustProxy: read.trustProxy('TRUST_PROXY'),
    publicOrigins: read.origins('PUBLIC_ORIGIN').filter((o) => {
      if (!o.includes('*')) return true;
      problems.push(`PUBLIC_ORIGIN: "${o}" must be an exact origin, like https://support.example.com`);
      return false;
    }),
    livekit: {
      url: livekitUrl,
      apiKey: livekitKey,
      apiSecret: livekitSecret,
      tokenTtlSeconds: read.int('LIVEKIT_TOKEN_TTL_SECONDS', 600, 30, 86_400),
      staffTokenTtlSeconds: read.int('LIVEKIT_STAFF_TOKEN_TTL_SECONDS', 3600, 30, 86_400),
      callHandleTtlSeconds: read.int('CALL_HANDLE_TTL_SECONDS', 3600, 60, 7 * 86_400),
      callHandleSecret: read.string('CALL_HANDLE_SECRET', '') || `call-handle:${livekitSecret}`,
      emptyTimeoutSeconds: read.int('LIVEKIT_EMPTY_TIMEOUT_SECONDS', 120, 1, 86_400),
      departureTimeoutSeconds: read.int('LIVEKIT_DEPARTURE_TIMEOUT_SECONDS', 30, 1, 86_400),
      agent: read.oneOf('LIVEKIT_AGENT', ['off', 'on'] as const, 'on') === 'on',
    },
    openai: {
      apiKey: openaiKey,
      baseUrl: read.optionalUrl('OPENAI_BASE_URL', ['http:', 'https:']),
      sttModel: read.string('OPENAI_STT_MODEL', 'whisper-1'),
      ttsModel: read.string('OPENAI_TTS_MODEL', 'tts-1'),
      chatModel: read.string('OPENAI_CHAT_MODEL', 'gpt-4o-mini'),
      timeoutMs: read.int('OPENAI_TIMEOUT_MS', 30_000, 1000, 600_000),
      maxRetries: read.int('OPENAI_MAX_RETRIES', 2, 0, 10),
    },
    providers: {
      stt: providerChoice('STT_PROVIDER'),
      tts: providerChoice('TTS_PROVIDER'),
      chat: providerChoice('CHAT_PROVIDER'),
    },
    local: {
      espeakPath: read.string('ESPEAK_NG_PATH', 'espeak-ng'),
      pocketsphinxPath: read.string('POCKETSPHINX_PATH', 'pocketsphinx_continuous'),
      pocketsphinxModelDir: read.string('POCKETSPHINX_MODEL_DIR', '/usr/share/pocketsphinx/model/en-us'),
    },
    audio: {
      // Private by default: a folder under DATA_DIR, not one in the shared temporary directory.
      dir: resolve(read.string('AUDIO_DIR', join(dataDir, 'audio'))),
      ttlSeconds: read.int('AUDIO_TTL_SECONDS', 86_400, 60, 30 * 86_400),
      maxTotalBytes: read.int('AUDIO_MAX_TOTAL_MB', 512, 1, 1_000_000) * 1024 * 1024,
      sweepIntervalSeconds: read.int('AUDIO_SWEEP_INTERVAL_SECONDS', 600, 5, 86_400),
    },
    data: {
      dir: dataDir,
    },
    staff: {
      sessionHours: read.int('STAFF_SESSION_HOURS', 8, 1, 24 * 7),
    },
    conversations: {
      idleTtlSeconds: read.int('CONVERSATION_TTL_SECONDS', 1800, 60, 7 * 86_400),
      maxTurns: read.int('CONVERSATION_MAX_TURNS', 50, 2, 1000),
      maxConversations: read.int('CONVERSATION_MAX_COUNT', 10_000, 1, 1_000_000),
      maxBytes: read.int('CONVERSATION_MAX_MB', 256, 1, 1_000_000) * 1024 * 1024,
      maxConversationBytes: read.int('CONVERSATION_MAX_KB', 256, 16, 1_000_000) * 1024,
    },
    limits: {
      audioBytes: read.int('MAX_AUDIO_MB', 10, 1, 100) * 1024 * 1024,
      jsonBytes: read.int('MAX_JSON_KB', 64, 1, 1024) * 1024,
      textChars: read.int('MAX_TEXT_CHARS', 2000, 10, 20_000),
      concurrentPerIp: read.int('MAX_CONCURRENT_PER_IP', 4, 1, 100),
      streamHeartbeatSeconds: read.int('STREAM_HEARTBEAT_SECONDS', 15, 1, 300),
      rate: {
        token: read.rate('RATE_LIMIT_TOKEN', { max: 20, windowSeconds: 60 }),
        ai: read.rate('RATE_LIMIT_AI', { max: 60, windowSeconds: 60 }),
        read: read.rate('RATE_LIMIT_READ', { max: 300, windowSeconds: 60 }),
        webhook: read.rate('RATE_LIMIT_WEBHOOK', { max: 6000, windowSeconds: 60 }),
        signIn: read.rate('RATE_LIMIT_SIGN_IN', { max: 10, windowSeconds: 900 }),
        console: read.rate('RATE_LIMIT_CONSOLE', { max: 1200, windowSeconds: 60 }),
        files: read.rate('RATE_LIMIT_FILES', { max: 1200, windowSeconds: 60 }),
      },
    },
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Whether customer tokens dispatch the AI agent: LiveKit configured and `LIVEKIT_AGENT` not `off`. */
export function agentDispatchOn(config: Config): boolean {
  return config.livekit.agent && config.livekit.url !== undefined;
}

/** Resolves `auto` for one capability. */
export function resolveProvider(choice: ProviderChoice, openaiKey: string | undefined): 'openai' | 'local' {
  if (choice === 'auto') return openaiKey ? 'openai' : 'local';
  return choice;
}

/** Parses one variable at a time and collects problems instead of stopping at the first. */
class Reader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name, '');
    if (raw === '') return fallback;
    if (!/^\d+$/.test(raw)) {
      this.problems.push(`${name}: expected a whole number, got "${raw}"`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      this.problems.push(`${name}: must be between ${min} and ${max}, got ${value}`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name, '').toLowerCase();
    if (raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${name}: expected true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name, '').toLowerCase();
    if (raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}: expected one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }

  optionalUrl(name: string, protocols: readonly string[]): string | undefined {
    const raw = this.string(name, '');
    if (raw === '') return undefined;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      this.problems.push(`${name}: not a URL: "${raw}"`);
      return undefined;
    }
    if (!protocols.includes(url.protocol)) {
      this.problems.push(`${name}: expected a ${protocols.join(' or ')} URL, got "${url.protocol}"`);
      return undefined;
    }
    return raw.replace(/\/+$/, '');
  }

  /** `ALLOWED_ORIGINS`: comma-separated origins; `*.` wildcards in the host; `*` alone for any origin. */
  origins(name: string): readonly string[] {
    const raw = this.string(name, '');
    if (raw === '') return [];
    const origins: string[] = [];
    for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (item === '*') {
        origins.push(item);
        continue;
      }
      const match = /^(https?):\/\/(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*)(:\d{1,5})?$/i.exec(item);
      if (!match) {
        this.problems.push(`${name}: "${item}" is not an origin like https://shop.example or https://*.example.com (no path, no trailing slash)`);
        continue;
      }
      origins.push(item.toLowerCase());
    }
    return origins;
  }

  /** TRUST_PROXY: false, true (one hop), a hop count, or a list of trusted proxy addresses for proxy-addr. */
  trustProxy(name: string): false | number | readonly string[] {
    const raw = this.string(name, '').trim();
    if (raw === '' || raw === 'false' || raw === '0') return false;
    if (raw === 'true') return 1;
    if (/^\d+$/.test(raw)) return Number(raw);
    const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
    try {
      proxyaddr.compile(list);
      return list;
    } catch (err) {
      this.problems.push(`${name}: expected false, true, a number of proxy hops, or trusted proxy addresses such as loopback,10.0.0.0/8 (${err instanceof Error ? err.message : String(err)})`);
      return false;
    }
  }

  /** A rate as `max/windowSeconds`, e.g. `60/60`. */
  rate(name: string, fallback: RateLimit): RateLimit {
    const raw = this.string(name, '');
    if (raw === '') return fallback;
    const match = /^(\d+)\/(\d+)$/.exec(raw);
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
      this.problems.push(`${name}: expected requests/seconds such as 60/60, got "${raw}"`);
      return fallback;
    }
    return { max: Number(match[1]), windowSeconds: Number(match[2]) };
  }
}
