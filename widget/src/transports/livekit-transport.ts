/**
 * One LiveKit room session: connects, publishes the customer's microphone, plays remote audio tracks (the AI
 * agent, a human agent) through hidden audio elements, and relays chat lines on the 'ccw-chat' topic. When the AI
 * agent (LiveKit's Agents framework) is in the room it also reports the agent's state and persona, the
 * transcripts it publishes, and its events, and carries typed text to it.
 * Knows nothing about fallbacks; TransportController decides what a failure means.
 */
import type {
  AgentEvent,
  AgentEventTopic,
  AgentHistoryTopic,
  AgentLanguageAttribute,
  AgentPersonaAttribute,
  AgentSilentAfterMs,
} from '@call-center-widget/protocol';
import type { Participant, RemoteParticipant, RemoteTrack, Room, TextStreamReader } from 'livekit-client';
import type { LiveKitModule } from './livekit-loader.ts';

/** The data-channel topic of chat lines between people. */
export const CHAT_TOPIC = 'ccw-chat';
// The Agents framework's own names: transcripts it publishes, text it takes as the user's turn, its state.
const TRANSCRIPTION_TOPIC = 'lk.transcription';
const AGENT_TEXT_TOPIC = 'lk.chat';
const AGENT_STATE = 'lk.agent.state';
/** Identities of staff (human agents) in a call room, as the server's tokens make them. */
const STAFF_PREFIX = 'agent-';
// Ours, checked against the contract's literal types.
const AGENT_EVENT_TOPIC: AgentEventTopic = 'ccw-agent';
const AGENT_HISTORY_TOPIC: AgentHistoryTopic = 'ccw-history';
const PERSONA: AgentPersonaAttribute = 'ccw.persona';
const LANGUAGE: AgentLanguageAttribute = 'ccw.language';
/** An agent that beat and then fell silent this long is gone (its process died before LiveKit noticed). */
const SILENT_AFTER_MS: AgentSilentAfterMs = 7_000;

/** The AI agent as the room shows it. */
export interface RoomAgent {
  /** An agent participant is in the room. */
  readonly present: boolean;
  /** Its `lk.agent.state`: 'initializing', 'listening', 'thinking', 'speaking'. */
  readonly state?: string;
  readonly persona?: string;
  readonly language?: string;
}

/** One transcript line the agent publishes: the customer's words or its own, growing until `final`. */
export interface RoomTranscript {
  /** Stable across the updates of one line. */
  readonly segment: string;
  readonly role: 'customer' | 'agent';
  /** The whole line so far. */
  readonly text: string;
  readonly final: boolean;
}

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
  /** The AI agent arrived, changed state or persona, or left. */
  onAgent?(agent: RoomAgent): void;
  /** A transcript line from the agent (the customer's words as it heard them, or its reply as it speaks). */
  onTranscript?(line: RoomTranscript): void;
  /** One of the agent's events (conversation, transfer, handoff, not understood, error). */
  onAgentEvent?(event: AgentEvent): void;
  /** A member of staff (a human agent) joined the call, or left it; `name` as they are shown. */
  onStaff?(name: string, joined: boolean): void;
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
  // When each agent participant last sent anything on the event topic, and the agents that fell silent.
  private readonly heard = new Map<string, number>();
  private readonly silent = new Set<string>();
  private watch: ReturnType<typeof setInterval> | undefined;

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
      .on(RoomEvent.Disconnected, this.handleDisconnected)
      .on(RoomEvent.ParticipantConnected, this.handleAgentChange)
      .on(RoomEvent.ParticipantDisconnected, this.handleAgentChange)
      .on(RoomEvent.ParticipantConnected, this.handleStaffJoined)
      .on(RoomEvent.ParticipantDisconnected, this.handleStaffLeft)
      .on(RoomEvent.ParticipantAttributesChanged, this.handleAgentChange);
    // An agent this call has given up on (it fell silent) is not heard again, should it come back.
    this.room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader, from) => void (this.silent.has(from.identity) || this.readTranscript(reader)));
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
    this.watch = setInterval(() => this.checkAgents(), 1_000);
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
    clearInterval(this.watch);
    const { RoomEvent } = this.lk;
    this.room
      .off(RoomEvent.TrackSubscribed, this.handleTrackSubscribed)
      .off(RoomEvent.TrackUnsubscribed, this.handleTrackUnsubscribed)
      .off(RoomEvent.DataReceived, this.handleData)
      .off(RoomEvent.SignalReconnecting, this.handleReconnecting)
      .off(RoomEvent.Reconnecting, this.handleReconnecting)
      .off(RoomEvent.Reconnected, this.handleReconnected)
      .off(RoomEvent.Disconnected, this.handleDisconnected)
      .off(RoomEvent.ParticipantConnected, this.handleAgentChange)
      .off(RoomEvent.ParticipantDisconnected, this.handleAgentChange)
      .off(RoomEvent.ParticipantConnected, this.handleStaffJoined)
      .off(RoomEvent.ParticipantDisconnected, this.handleStaffLeft)
      .off(RoomEvent.ParticipantAttributesChanged, this.handleAgentChange);
    this.room.unregisterTextStreamHandler(CHAT_TOPIC);
    this.room.unregisterTextStreamHandler(TRANSCRIPTION_TOPIC);
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

  /** The voices the room plays (the AI agent's, staff's) as one stream, for the equalizer; undefined when none. */
  get remoteStream(): MediaStream | undefined {
    const tracks = [...this.attached.keys()].map((t) => t.mediaStreamTrack);
    return tracks.length ? new MediaStream(tracks) : undefined;
  }

  /** Sends typed text to the AI agent as the customer's turn. Never throws. */
  sendToAgent(text: string): void {
    if (this.closed) return;
    this.room.localParticipant.sendText(text, { topic: AGENT_TEXT_TOPIC }).catch(() => undefined);
  }

  /** Hands the AI agent now in the room the conversation so far (JSON of a ConversationResume). Never throws. */
  sendHistory(json: string): void {
    const agent = this.agentParticipant();
    if (this.closed || !agent) return;
    this.room.localParticipant.sendText(json, { topic: AGENT_HISTORY_TOPIC, destinationIdentities: [agent.identity] }).catch(() => undefined);
  }

  /** The AI agent now in the room, if any. */
  get agent(): RoomAgent {
    const agent = this.agentParticipant();
    if (!agent) return { present: false };
    const a = agent.attributes;
    return { present: true, state: a[AGENT_STATE], persona: a[PERSONA], language: a[LANGUAGE] };
  }

  /** The AI agent participant this call still listens to (not one that fell silent). */
  private agentParticipant(): RemoteParticipant | undefined {
    return [...this.room.remoteParticipants.values()].find((p) => isAgent(p) && !this.silent.has(p.identity));
  }

  private readonly handleStaffJoined = (p: Participant): void => this.staffChanged(p, true);
  private readonly handleStaffLeft = (p: Participant): void => this.staffChanged(p, false);

  /** Staff join with the seed's `agent-` identities (a human agent; the AI agent is a LiveKit agent participant). */
  private staffChanged(p: Participant, joined: boolean): void {
    if (this.closed || isAgent(p) || !p.identity.startsWith(STAFF_PREFIX)) return;
    this.callbacks.onStaff?.(p.name || p.identity, joined);
  }

  private readonly handleAgentChange = (...args: unknown[]): void => {
    if (this.closed) return;
    // Only changes that concern an agent: its arrival, its attributes, its leaving.
    const participant = args.find((a): a is Participant => typeof a === 'object' && a !== null && 'identity' in a);
    if (participant && !isAgent(participant)) return;
    this.callbacks.onAgent?.(this.agent);
  };

  /**
   * An agent that has been beating and stopped is gone for this call, even while LiveKit still lists it: the call
   * continues without it (an agent that never beat, someone else's, is left to LiveKit).
   */
  private checkAgents(): void {
    const now = performance.now();
    for (const [identity, at] of this.heard) {
      if (now - at < SILENT_AFTER_MS || this.silent.has(identity)) continue;
      this.silent.add(identity);
      this.callbacks.onAgent?.(this.agent);
    }
  }

  private async readTranscript(reader: TextStreamReader): Promise<void> {
    const attributes = reader.info.attributes ?? {};
    const segment = attributes['lk.segment_id'] ?? reader.info.id;
    const track = attributes['lk.transcribed_track_id'];
    const mine = track !== undefined && [...this.room.localParticipant.trackPublications.values()].some((p) => p.trackSid === track);
    const role = mine ? 'customer' : 'agent';
    let text = '';
    try {
      for await (const chunk of reader) {
        if (this.closed) return;
        text += chunk;
        this.callbacks.onTranscript?.({ segment, role, text, final: false });
      }
    } catch {
      // A stream cut short (the agent left): what arrived stands.
    }
    // The agent writes its own words as one growing stream, opened with `lk.transcription_final: false` and closed
    // when the segment is done; the customer's words come as whole streams, interim ones marked not final.
    const final = role === 'agent' || attributes['lk.transcription_final'] !== 'false';
    if (!this.closed) this.callbacks.onTranscript?.({ segment, role, text, final });
  }

  private readonly handleData = (payload: Uint8Array, participant?: RemoteParticipant, _kind?: unknown, topic?: string): void => {
    if (this.closed) return;
    if (topic === AGENT_EVENT_TOPIC) {
      if (participant && this.silent.has(participant.identity)) return;
      if (participant) this.heard.set(participant.identity, performance.now());
      const event = parseAgentEvent(this.decoder.decode(payload));
      if (event && event.type !== 'alive') this.callbacks.onAgentEvent?.(event);
      return;
    }
    if (topic !== CHAT_TOPIC) return;
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

/** An AI agent: LiveKit says so (participant kind), or it carries the framework's state attribute. */
function isAgent(p: Participant): boolean {
  return p.isAgent || p.attributes[AGENT_STATE] !== undefined;
}

/** The agent's events, by name: one the widget does not know (a newer agent's) is skipped. */
const AGENT_EVENTS: Readonly<Record<AgentEvent['type'], true>> = {
  conversation: true,
  transfer: true,
  handoff: true,
  ticket: true,
  not_understood: true,
  error: true,
  alive: true,
  standby: true,
};

/** An AgentEvent from JSON, or undefined for anything else (the widget takes no schema code, so by shape). */
function parseAgentEvent(json: string): AgentEvent | undefined {
  try {
    const value: unknown = JSON.parse(json);
    const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    return typeof type === 'string' && Object.hasOwn(AGENT_EVENTS, type) ? (value as AgentEvent) : undefined;
  } catch {
    return undefined;
  }
}
