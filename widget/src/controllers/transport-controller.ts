/**
 * How the call travels: inside a LiveKit room when the server runs LiveKit and the page allows it, else
 * directly over HTTP. Any failure, or no connection within `timeoutMs`, falls back to direct mode and says
 * why once (`onFallback`). livekit-client is loaded only on that path, never before.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type ApiClient } from '../api/client.ts';
import type { ServerConfig, TokenResponse } from '@call-center-widget/protocol';
import { loadLiveKit as defaultLoadLiveKit, type LiveKitModule } from '../transports/livekit-loader.ts';
import { LiveKitSession } from '../transports/livekit-transport.ts';

/** How the call's media travels. */
export type TransportMode = 'livekit' | 'direct';

/** Why the call runs in direct mode: LiveKit could not be reached, took too long, no token, or is switched off. */
export type FallbackReason = 'unreachable' | 'timeout' | 'token' | 'disabled';

/** What the transport tells the element. */
export interface TransportCallbacks {
  /** LiveKit was meant to carry the call but could not; the call carries on directly. Not called for 'disabled'. */
  onFallback(reason: FallbackReason): void;
  /** A remote participant's audio (a human agent) started or stopped playing. */
  onRemoteAudio?(playing: boolean): void;
  /** A chat line from the room's data channel (topic 'ccw-chat'). */
  onData?(text: string, from: string): void;
}

/** Options of TransportController. */
export interface TransportOptions {
  /** How long to wait for LiveKit before falling back (ms). Default 4000. */
  timeoutMs?: number;
  /** Loads livekit-client; tests inject a counting loader. */
  loadLiveKit?: () => Promise<LiveKitModule>;
}

/** What `connect()` needs. */
export interface ConnectArgs {
  api: ApiClient;
  config: ServerConfig;
  mic: MediaStream | undefined;
  allowLiveKit: boolean;
  participantName?: string;
}

/** A failure on the LiveKit path, already classified. */
class Fallback extends Error {
  constructor(readonly reason: FallbackReason) {
    super(reason);
  }
}

/** Chooses and holds the call's transport: a LiveKit session, or direct. */
export class TransportController implements ReactiveController {
  private readonly host: ReactiveControllerHost;
  private readonly callbacks: TransportCallbacks;
  private readonly timeoutMs: number;
  private readonly load: () => Promise<LiveKitModule>;
  private attempt = 0;
  private session: LiveKitSession | undefined;
  private pending: AbortController | undefined;
  private currentMode: TransportMode | undefined;
  private reason: FallbackReason | undefined;
  // Kept for this page session only, so a reconnect returns to the same room.
  private callHandle: string | undefined;

  constructor(host: ReactiveControllerHost, callbacks: TransportCallbacks, options: TransportOptions = {}) {
    this.host = host;
    this.callbacks = callbacks;
    this.timeoutMs = options.timeoutMs ?? 4000;
    this.load = options.loadLiveKit ?? defaultLoadLiveKit;
    host.addController(this);
  }

  /** 'livekit' or 'direct' once connected; undefined before `connect()`, while connecting and after `disconnect()`. */
  get mode(): TransportMode | undefined {
    return this.currentMode;
  }

  /** Why the call runs directly ('disabled' when LiveKit is off or not allowed). */
  get fallbackReason(): FallbackReason | undefined {
    return this.reason;
  }

  /** A LiveKit connection is being attempted. */
  get connecting(): boolean {
    return this.pending !== undefined;
  }


  hostDisconnected(): void {
    void this.disconnect();
  }

  /** LiveKit when config says enabled and `allowLiveKit`; falls back to direct (calls onFallback) on any failure or after timeoutMs. Never throws. */
  async connect(args: ConnectArgs): Promise<TransportMode> {
    const previous = this.release();
    const attempt = this.attempt;
    if (!args.config.livekit?.enabled || !args.allowLiveKit) {
      // Nothing to tell the customer: direct is simply how this site works.
      this.settle('direct', 'disabled');
      await previous?.close();
      return 'direct';
    }
    const abort = new AbortController();
    this.pending = abort;
    this.host.requestUpdate();
    await previous?.close();
    if (attempt !== this.attempt) return this.currentMode ?? 'direct';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<Fallback>((resolve) => {
      timer = setTimeout(() => resolve(new Fallback('timeout')), this.timeoutMs);
    });
    const work = this.open(args, abort.signal);
    let outcome: LiveKitSession | Fallback;
    try {
      outcome = await Promise.race([work, timedOut]);
    } catch (err) {
      outcome = err instanceof Fallback ? err : new Fallback('unreachable');
    } finally {
      clearTimeout(timer);
    }
    if (this.pending === abort) this.pending = undefined;
    if (outcome instanceof LiveKitSession && attempt === this.attempt) {
      this.session = outcome;
      this.settle('livekit', undefined);
      return 'livekit';
    }
    // Lost the race, failed, or superseded: stop whatever started (a late session closes itself in open()).
    abort.abort();
    work.catch(() => undefined);
    if (outcome instanceof LiveKitSession) await outcome.close();
    if (attempt !== this.attempt) return this.currentMode ?? 'direct';
    const reason = outcome instanceof Fallback ? outcome.reason : 'unreachable';
    this.settle('direct', reason);
    this.callbacks.onFallback(reason);
    return 'direct';
  }

  /** Relays a chat line over the LiveKit data channel when connected (topic 'ccw-chat'); no-op in direct mode. */
  publishChat(text: string): void {
    this.session?.publishChat(text);
  }

  /** Leaves the room (if any), stops a connect in flight, and forgets the mode. */
  async disconnect(): Promise<void> {
    await this.release()?.close();
  }

  /** Synchronously ends the current attempt and session; returns the session still to be closed. */
  private release(): LiveKitSession | undefined {
    this.attempt++;
    const session = this.session;
    const changed = this.currentMode !== undefined || this.pending !== undefined;
    this.pending?.abort();
    this.pending = undefined;
    this.session = undefined;
    this.currentMode = undefined;
    this.reason = undefined;
    if (changed) this.host.requestUpdate();
    return session;
  }

  private async open(args: ConnectArgs, signal: AbortSignal): Promise<LiveKitSession> {
    let token: TokenResponse;
    try {
      token = await this.fetchToken(args, signal);
    } catch {
      throw new Fallback(signal.aborted ? 'timeout' : 'token');
    }
    let lk: LiveKitModule;
    try {
      if (signal.aborted) throw signal.reason;
      lk = await this.load();
    } catch {
      throw new Fallback(signal.aborted ? 'timeout' : 'unreachable');
    }
    if (signal.aborted) throw new Fallback('timeout');
    const session = new LiveKitSession(
      lk,
      {
        onRemoteAudio: (playing) => this.callbacks.onRemoteAudio?.(playing),
        onData: (text, from) => this.callbacks.onData?.(text, from),
        onDisconnected: () => this.handleSessionLost(session),
      },
      () => this.audioContainer(),
    );
    const closeOnAbort = (): void => void session.close();
    signal.addEventListener('abort', closeOnAbort, { once: true });
    try {
      const url = token.server_url || token.livekit_url || args.config.livekit.url || '';
      await session.connect(url, token.participant_token || token.token, args.mic?.getAudioTracks()[0], this.timeoutMs);
      if (signal.aborted) throw new Error('aborted');
      return session;
    } catch {
      await session.close();
      throw new Fallback(signal.aborted ? 'timeout' : 'unreachable');
    } finally {
      signal.removeEventListener('abort', closeOnAbort);
    }
  }

  /** A token for a new room, or for the room of this page's earlier call when its handle is still good. */
  private async fetchToken(args: ConnectArgs, signal: AbortSignal): Promise<TokenResponse> {
    const name = args.participantName;
    let token: TokenResponse;
    try {
      token = await args.api.token({ participant_name: name, call_handle: this.callHandle }, signal);
    } catch (err) {
      const stale = err instanceof ApiError && (err.code === 'call_handle_invalid' || err.code === 'room_not_allowed');
      if (!stale || this.callHandle === undefined) throw err;
      this.callHandle = undefined;
      token = await args.api.token({ participant_name: name }, signal);
    }
    this.callHandle = token.call_handle;
    return token;
  }

  private handleSessionLost(session: LiveKitSession): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.settle('direct', 'unreachable');
    this.callbacks.onFallback('unreachable');
  }

  /** Remote audio elements live in the host's shadow root when it has one, else in the page body. */
  private audioContainer(): Node {
    const root = (this.host as Partial<{ renderRoot: Node }>).renderRoot;
    return root ?? document.body;
  }

  private settle(mode: TransportMode, reason: FallbackReason | undefined): void {
    this.currentMode = mode;
    this.reason = reason;
    this.host.requestUpdate();
  }
}
