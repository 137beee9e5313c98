/**
 * The API client for the widget's current server URL, and that server's `/api/config`, fetched once. A server
 * that refuses this page's origin is remembered, and the site owner told once in the console what to change.
 */
import type { ServerConfig } from '@call-center-widget/protocol';
import { ApiClient, ApiError } from '../api/client.ts';

/** Servers already reported in the console as refusing this page. */
const reported = new Set<string>();

/** One ApiClient per server URL (a new URL gets a new client and a fresh config). */
export class ServerLink {
  private api: ApiClient | undefined;
  private url: string | undefined;
  private request: Promise<ServerConfig> | undefined;
  private loaded: ServerConfig | undefined;
  private refusal: ApiError | undefined;

  /** Called whenever a config arrives (so the host can re-render). */
  constructor(private readonly onConfig: () => void) {}

  /** `/api/config` of the current server, once loaded. */
  get config(): ServerConfig | undefined {
    return this.loaded;
  }

  /** The server refused this page's origin (403 `origin_not_allowed`): nothing else it is asked can work. */
  get refused(): ApiError | undefined {
    return this.refusal;
  }

  /** The client for `url`. */
  client(url: string): ApiClient {
    if (!this.api || this.url !== url) {
      this.api = new ApiClient(url);
      this.url = url;
      this.request = undefined;
      this.loaded = undefined;
      this.refusal = undefined;
    }
    return this.api;
  }

  /** Fetches `/api/config` from `url` once; a failure is forgotten so the next call tries again. */
  loadConfig(url: string): Promise<ServerConfig> {
    const api = this.client(url);
    this.request ??= api.config().then(
      (config) => {
        if (api === this.api) {
          this.loaded = config;
          this.onConfig();
        }
        return config;
      },
      (err: unknown) => {
        if (api !== this.api) throw err;
        this.request = undefined;
        if (err instanceof ApiError && err.code === 'origin_not_allowed') this.refuse(err, url);
        throw err;
      },
    );
    return this.request;
  }

  private refuse(err: ApiError, url: string): void {
    this.refusal = err;
    const server = this.api?.baseUrl ?? url;
    if (reported.has(server)) return;
    reported.add(server);
    // For the site owner, who will look here: the customer is only told the assistant is not enabled.
    console.warn(
      `<call-center-widget>: ${server} refuses this page's origin, ${location.origin}. ` +
        `Add it to the server's ALLOWED_ORIGINS (for example ALLOWED_ORIGINS=${location.origin}) and restart the server.`,
    );
  }
}
