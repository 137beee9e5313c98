/**
 * How the call travels: inside a LiveKit room when the server runs LiveKit and the page allows it, else
 * directly over HTTP. Any failure, or no connection within `timeoutMs`, falls back to direct mode and says
 * why once (`onFallback`). livekit-client is loaded only on that path, never before.
 *
 * A room lost mid-call (LiveKit gone, or its own reconnection not back within `reconnectGraceMs`) leaves the call
 * going directly while the controller keeps trying, with the call handle, to rejoin the same room (a fresh token,
 * so an expired one does not matter), until the call ends. Being removed on purpose is never undone.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError, type ApiClient } from '../api/client.ts';
import type { ServerConfig, TokenResponse } from '@call-center-widget/protocol';
import { loadLiveKit as defaultLoadLiveKit, type LiveKitModule } from '../transports/livekit-loader.ts';
import type { AgentEvent } from '@call-center-widget/protocol';
import { LiveKitSession, type RoomAgent, type RoomTranscript } from '../transports/livekit-transport.ts';

export type { RoomAgent, RoomTranscript } from '../transports/livekit-transport.ts';

/** How the call's media travels. */
export type TransportMode = 'livekit' | 'direct';

/**
 * Why the call runs in direct mode: LiveKit could not be reached, took too long, no token, is switched off, or
 * staff removed the customer from the room (or closed it).
 */
export type FallbackReason = 'unreachable' | 'timeout' | 'token' | 'disabled' | 'removed';

/** What the transport is doing now, as `ccw-transport` tells the page. */
export interface TransportChange {
  readonly mode: TransportMode | 'reconnecting';
  readonly reason?: FallbackReason;
  readonly room?: string;
}

/** What the transport tells the element. */
export interface TransportCallbacks {
  /** LiveKit was meant to carry the call but could not; the call carries on directly. Not called for 'disabled'. */
  onFallback(reason: FallbackReason): void;
  /** A remote participant's audio (a human agent) started or stopped playing. */
  onRemoteAudio?(playing: boolean): void;
  /** A chat line from the room's data channel (topic 'ccw-chat'), with the sender's name. */
  onData?(text: string, from: string): void;
  /** The call is back in its room after losing it. */
  onRejoined?(): void;
  /** The AI agent in the room arrived, changed, or left (also `present: false` when the room is lost). */
  onAgent?(agent: RoomAgent): void;
  /** A transcript line the agent published. */
  onTranscript?(line: RoomTranscript): void;
  /** One of the agent's events. */
  onAgentEvent?(event: AgentEvent): void;
  /** A member of staff joined the call or left it. */
  onStaff?(name: string, joined: boolean): void;
  /** Every change of mode (joined, reconnecting, direct, rejoined). */
  onChange?(change: TransportChange): void;
}

/** Options of TransportController. */
export interface TransportOptions {
  /** How long to wait for LiveKit before falling back (ms). Default 4000. */
  timeoutMs?: number;
  /** Loads livekit-client; tests inject a counting loader. */
  loadLiveKit?: () => Promise<LiveKitModule>;
  /**
   * How long LiveKit's own reconnection may take before the call goes direct (ms). Default 10000: its retries
   * come 0.3, 1.2, 2.7 and 4.8 s apart, so a cut of a few seconds is often mended only 4–6 s after it began.
   */
  reconnectGraceMs?: number;
  /** Waits between attempts to rejoin a lost room (ms); the last repeats. Default 1, 2, 4, 8, then every 15 s. */
  rejoinDelaysMs?: readonly number[];
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
  private readonly reconnectGraceMs: number;
  private readonly rejoinDelaysMs: readonly number[];
  private attempt = 0;
  // While a call wants a room: what it connected with, for rejoining; the timers of a reconnection and a rejoin.
  private wanted: ConnectArgs | undefined;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private rejoinTimer: ReturnType<typeof setTimeout> | undefined;
  private rejoins = 0;
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
    this.reconnectGraceMs = options.reconnectGraceMs ?? 10_000;
    this.rejoinDelaysMs = options.rejoinDelaysMs?.length ? options.rejoinDelaysMs : [1000, 2000, 4000, 8000, 15_000];
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

  /** The LiveKit room the call is in, if any. */
  get room(): string | undefined {
    return this.session?.roomName;
  }

  /** The AI agent in the call's room (absent in direct mode). */
  get agent(): RoomAgent {
    return this.session?.agent ?? { present: false };
  }

  /** The voices the room plays, as one stream (for the equalizer); undefined when none or in direct mode. */
  get remoteStream(): MediaStream | undefined {
    return this.session?.remoteStream;
  }

  /** Hands the AI agent in the room the conversation so far (JSON); nothing when there is none. */
  sendHistory(json: string): void {
    if (this.session?.agent.present) this.session.sendHistory(json);
  }

  /** Sends typed text to the AI agent in the room; false when there is none (send it directly instead). */
  sendToAgent(text: string): boolean {
    if (!this.session?.agent.present) return false;
    this.session.sendToAgent(text);
    return true;
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
    this.wanted = args;
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
      // An agent already in the room (it may join before the customer's connection completes).
      if (outcome.agent.present) this.callbacks.onAgent?.(outcome.agent);
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
    // LiveKit may come (back) later in the call: keep knocking, with the call handle when there is one.
    if (reason !== 'token') this.scheduleRejoin();
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
    this.wanted = undefined;
    this.rejoins = 0;
    clearTimeout(this.graceTimer);
    clearTimeout(this.rejoinTimer);
    this.graceTimer = this.rejoinTimer = undefined;
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
        onAgent: (agent) => this.session === session && this.callbacks.onAgent?.(agent),
        onTranscript: (line) => this.session === session && this.callbacks.onTranscript?.(line),
        onAgentEvent: (event) => this.session === session && this.callbacks.onAgentEvent?.(event),
        onStaff: (name, joined) => this.session === session && this.callbacks.onStaff?.(name, joined),
        onReconnecting: () => this.handleReconnecting(session),
        onReconnected: () => this.handleReconnected(session),
        onDisconnected: (because) => this.handleSessionLost(session, because === 'removed' ? 'removed' : 'unreachable'),
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

  private handleReconnecting(session: LiveKitSession): void {
    // LiveKit may say so twice (signalling first, then media): one change for the page.
    if (this.session !== session || this.graceTimer !== undefined) return;
    this.callbacks.onChange?.({ mode: 'reconnecting', room: session.roomName });
    // LiveKit's own reconnection keeps the same participant; give it a moment, then stop waiting on it.
    this.graceTimer = setTimeout(() => {
      this.graceTimer = undefined;
      if (this.session !== session) return;
      this.handleSessionLost(session, 'unreachable');
      // Leaving a room that is mid-reconnection can take LiveKit a while; the call does not wait for it.
      void session.close();
    }, this.reconnectGraceMs);
  }

  private handleReconnected(session: LiveKitSession): void {
    if (this.session !== session) return;
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.callbacks.onChange?.({ mode: 'livekit', room: session.roomName });
  }

  private handleSessionLost(session: LiveKitSession, reason: FallbackReason): void {
    if (this.session !== session) return;
    const hadAgent = session.agent.present;
    this.session = undefined;
    if (hadAgent) this.callbacks.onAgent?.({ present: false });
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.settle('direct', reason);
    this.callbacks.onFallback(reason);
    if (reason !== 'removed') this.scheduleRejoin();
  }

  /** The next attempt to get (back) into the room, after the next wait of `rejoinDelaysMs`. */
  private scheduleRejoin(): void {
    const args = this.wanted;
    if (!args || this.rejoinTimer !== undefined) return;
    const attempt = this.attempt;
    const delay = this.rejoinDelaysMs[Math.min(this.rejoins, this.rejoinDelaysMs.length - 1)]!;
    this.rejoins++;
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = undefined;
      if (attempt === this.attempt) void this.rejoin(args, attempt);
    }, delay);
  }

  private async rejoin(args: ConnectArgs, attempt: number): Promise<void> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    let session: LiveKitSession | undefined;
    try {
      session = await this.open(args, abort.signal);
    } catch {
      // Still away: the call goes on directly; knock again later.
    } finally {
      clearTimeout(timer);
    }
    if (attempt !== this.attempt) {
      await session?.close();
      return;
    }
    if (!session) {
      this.scheduleRejoin();
      return;
    }
    this.session = session;
    this.rejoins = 0;
    this.settle('livekit', undefined);
    this.callbacks.onRejoined?.();
    if (session.agent.present) this.callbacks.onAgent?.(session.agent);
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
    const room = mode === 'livekit' ? this.session?.roomName : undefined;
    this.callbacks.onChange?.({ mode, ...(reason ? { reason } : {}), ...(room ? { room } : {}) });
  }
}
