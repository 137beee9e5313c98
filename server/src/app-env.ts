/** Per-request values set by middleware and read by handlers (`c.get('clientIp')`). */
export interface AppVariables {
  /** The caller's IP: the socket address, or X-Forwarded-For's first hop when TRUST_PROXY is on. */
  clientIp: string;
}

/** The Hono environment shared by the app and every route module. */
export interface AppEnv {
  Variables: AppVariables;
}
