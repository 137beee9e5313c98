/**
 * One LiveKit room session: connects, publishes the customer's microphone, plays remote audio tracks (a human
 * agent joining the room) through hidden audio elements, and relays chat lines on the 'ccw-chat' topic.
 * Knows nothing about fallbacks; TransportController decides what a failure means.
 */
import type { RemoteParticipant, RemoteTrack, Room } from 'livekit-client';
import type { LiveKitModule } from './livekit-loader.ts';

/** The data-channel topic of chat lines. */
export const CHAT_TOPIC = 'ccw-chat';

/** Why a room was left without `close()`: taken away on purpose (removed, room closed) or lost. */
export type LeftBecause = 'removed' | 'lost';

/** What a session reports. */
export interface LiveKitSessionCallbacks {
  /** Whether any remote audio track is attached and playing. */
  onRemoteAudio(playing: boolean): void;
  /** A chat line from another participant, with their display name (their identity when they have none). */
  onData(text: string, from: string): void;
  /** LiveKit lost its connection and is trying to win it back on its own. */
  onReconnecting(): void;
  /** LiveKit won the connection back: same room, same participant. */
  onReconnected(): void;
  /** The room went away without `close()`: 'removed' by staff or the room closed, or 'lost' for good. */
  onDisconnected(because: LeftBecause): void;
}

/** A LiveKit room joined by the widget. */
export class LiveKitSession {
  private readonly lk: LiveKitModule;
  private readonly callbacks: LiveKitSessionCallbacks;
  private readonly container: () => Node;
  private readonly room: Room;
  private readonly attached = new Map<RemoteTrack, HTMLMediaElement>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private closed = false;

  constructor(lk: LiveKitModule, callbacks: LiveKitSessionCallbacks, container: () => Node) {
    this.lk = lk;
    this.callbacks = callbacks;
    this.container = container;
    this.room = new lk.Room({ adaptiveStream: true, dynacast: true });
    const { RoomEvent } = lk;
    this.room
      .on(RoomEvent.TrackSubscribed, this.handleTrackSubscribed)
      .on(RoomEvent.TrackUnsubscribed, this.handleTrackUnsubscribed)
      .on(RoomEvent.DataReceived, this.handleData)
      // A lost signalling link alone (SignalReconnecting) is also a reconnection: LiveKit retries it first.
      .on(RoomEvent.SignalReconnecting, this.handleReconnecting)
      .on(RoomEvent.Reconnecting, this.handleReconnecting)
      .on(RoomEvent.Reconnected, this.handleReconnected)
      .on(RoomEvent.Disconnected, this.handleDisconnected);
    // Newer LiveKit clients send chat as text streams; older ones as data packets. Take both.
    this.room.registerTextStreamHandler(CHAT_TOPIC, (reader, participant) => {
      reader.readAll().then(
        (text) => this.closed || this.callbacks.onData(text, this.nameOf(participant.identity)),
        () => undefined,
      );
    });
  }

  /**
   * Joins the room and publishes `mic` (the MediaStream's own track, so its echo cancellation and noise
   * suppression settings are kept). Rejects on failure; `close()` makes a pending connect reject.
   */
  async connect(url: string, token: string, mic: MediaStreamTrack | undefined, timeoutMs: number): Promise<void> {
    // One attempt, bounded: the caller falls back to direct mode rather than keep the customer waiting.
    await this.room.connect(url, token, { autoSubscribe: true, maxRetries: 0, websocketTimeout: timeoutMs, peerConnectionTimeout: timeoutMs });
    if (this.closed) throw new Error('closed while connecting');
    if (mic) await this.room.localParticipant.publishTrack(mic, { source: this.lk.Track.Source.Microphone });
    if (this.closed) throw new Error('closed while connecting');
  }

  /** Sends a chat line to everyone in the room. Never throws. */
  publishChat(text: string): void {
    if (this.closed) return;
    this.room.localParticipant
      .publishData(this.encoder.encode(text), { reliable: true, topic: CHAT_TOPIC })
      .catch(() => undefined);
  }

  /** Leaves the room and removes every audio element; the microphone track is left running (the mic controller owns it). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { RoomEvent } = this.lk;
    this.room
      .off(RoomEvent.TrackSubscribed, this.handleTrackSubscribed)
      .off(RoomEvent.TrackUnsubscribed, this.handleTrackUnsubscribed)
      .off(RoomEvent.DataReceived, this.handleData)
      .off(RoomEvent.SignalReconnecting, this.handleReconnecting)
      .off(RoomEvent.Reconnecting, this.handleReconnecting)
      .off(RoomEvent.Reconnected, this.handleReconnected)
      .off(RoomEvent.Disconnected, this.handleDisconnected);
    this.room.unregisterTextStreamHandler(CHAT_TOPIC);
    const hadAudio = this.attached.size > 0;
    for (const track of [...this.attached.keys()]) this.detach(track);
    if (hadAudio) this.callbacks.onRemoteAudio(false);
    try {
      await this.room.disconnect(false);
    } catch {
      // Already gone: nothing left to release.
    }
  }

  private readonly handleTrackSubscribed = (track: RemoteTrack): void => {
    if (this.closed || track.kind !== this.lk.Track.Kind.Audio || this.attached.has(track)) return;
    const element = track.attach();
    element.hidden = true;
    element.dataset['ccwRemoteAudio'] = '';
    this.container().appendChild(element);
    this.attached.set(track, element);
    if (this.attached.size === 1) this.callbacks.onRemoteAudio(true);
  };

  private readonly handleTrackUnsubscribed = (track: RemoteTrack): void => {
    if (!this.attached.has(track)) return;
    this.detach(track);
    if (this.attached.size === 0) this.callbacks.onRemoteAudio(false);
  };

  private readonly handleData = (payload: Uint8Array, participant?: RemoteParticipant, _kind?: unknown, topic?: string): void => {
    if (this.closed || topic !== CHAT_TOPIC) return;
    this.callbacks.onData(this.decoder.decode(payload), participant?.name || participant?.identity || '');
  };

  private readonly handleReconnecting = (): void => {
    if (!this.closed) this.callbacks.onReconnecting();
  };

  private readonly handleReconnected = (): void => {
    if (!this.closed) this.callbacks.onReconnected();
  };

  private readonly handleDisconnected = (reason?: number): void => {
    if (this.closed) return;
    const { DisconnectReason } = this.lk;
    // Taken out on purpose: coming back on our own would undo what staff (or the room's end) decided.
    const removed = reason === DisconnectReason.PARTICIPANT_REMOVED || reason === DisconnectReason.ROOM_DELETED || reason === DisconnectReason.ROOM_CLOSED;
    void this.close();
    this.callbacks.onDisconnected(removed ? 'removed' : 'lost');
  };

  /** The room's name, once joined. */
  get roomName(): string {
    return this.room.name;
  }

  private nameOf(identity: string): string {
    return this.room.remoteParticipants.get(identity)?.name || identity;
  }

  private detach(track: RemoteTrack): void {
    const element = this.attached.get(track);
    this.attached.delete(track);
    track.detach().forEach((el) => el.remove());
    element?.remove();
  }
}
