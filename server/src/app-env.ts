import type { StaffSession } from './stores/staff-store.ts';

/** Per-request values set by middleware and read by handlers (`c.get('clientIp')`). */
export interface AppVariables {
  /** The caller's IP: the socket address, or X-Forwarded-For's first hop when TRUST_PROXY is on. */
  clientIp: string;
  /** The signed-in staff member, on console routes (http/staff-auth.ts). */
  staff: StaffSession;
}

/** The Hono environment shared by the app and every route module. */
export interface AppEnv {
  Variables: AppVariables;
}
