/** The API client for the widget's current server URL, and that server's `/api/config`, fetched once. */
import { ApiClient } from '../api/client.ts';
import type { ServerConfig } from '@call-center-widget/protocol';

/** One ApiClient per server URL (a new URL gets a new client and a fresh config). */
export class ServerLink {
  private api: ApiClient | undefined;
  private url: string | undefined;
  private request: Promise<ServerConfig> | undefined;
  private loaded: ServerConfig | undefined;

  /** Called whenever a config arrives (so the host can re-render). */
  constructor(private readonly onConfig: () => void) {}

  /** `/api/config` of the current server, once loaded. */
  get config(): ServerConfig | undefined {
    return this.loaded;
  }

  /** The client for `url`. */
  client(url: string): ApiClient {
    if (!this.api || this.url !== url) {
      this.api = new ApiClient(url);
      this.url = url;
      this.request = undefined;
      this.loaded = undefined;
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
        if (api === this.api) this.request = undefined;
        throw err;
      },
    );
    return this.request;
  }
}
