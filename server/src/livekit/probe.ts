/**
 * Whether the configured LiveKit server answers, and takes our key: asked once at start-up so that the operator
 * reads it in the first line rather than learning it from a customer's call that fell back to direct mode.
 */
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import { createRoomService } from './room-service.ts';

/** What the probe found. */
export type LiveKitProbe = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

/** Lists rooms once (a cheap, authenticated call); never throws. */
export async function probeLiveKit(config: Config, timeoutMs = 2000): Promise<LiveKitProbe> {
  if (!config.livekit.url) return { ok: false, code: 'livekit_disabled', message: 'LIVEKIT_URL is unset' };
  try {
    await createRoomService(config, { timeoutMs }).listRooms();
    return { ok: true };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: 'livekit_error', message: err instanceof Error ? err.message : String(err) };
  }
}

/** The start-up line's LiveKit part. */
export function describeLiveKit(config: Config, probe: LiveKitProbe): string {
  const { url } = config.livekit;
  if (!url) return 'LiveKit off (direct mode)';
  if (probe.ok) return `LiveKit on (${url}, answering)`;
  return `LiveKit on (${url}) but ${probe.code === 'livekit_auth_failed' ? 'it refuses our API key' : 'not answering'}: calls run directly until it does`;
}
