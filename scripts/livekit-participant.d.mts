// Types of livekit-participant.mjs for the TypeScript tests.
export declare const CHAT_TOPIC: string;
export declare const AGENT_CHAT_TOPIC: 'lk.chat';
export declare const TRANSCRIPTION_TOPIC: 'lk.transcription';
export declare const AGENT_EVENT_TOPIC: 'ccw-agent';
export declare const LOUD_DBFS: number;
export declare function readWav(path: string): { samples: Int16Array; rate: number };
export declare function dbfs(samples: ArrayLike<number> & Iterable<number>): number;

export interface ChatLine {
  readonly text: string;
  readonly from: string;
}

/** A finished `lk.transcription` text stream. */
export interface TranscriptionLine {
  readonly text: string;
  /** The participant the stream came from. */
  readonly from: string;
  /** `lk.transcribed_track_id`: the audio track whose words these are. */
  readonly trackId: string;
  readonly segmentId: string;
  /** `lk.transcription_final` was `true`. */
  readonly final: boolean;
  /** Date.now() when the stream opened and when it closed. */
  readonly startedAt: number;
  readonly at: number;
}

/** A message on the agent's event topic: its JSON, who sent it and when it arrived (Date.now()). */
export interface AgentEventLine {
  readonly event: { readonly type: string } & Record<string, unknown>;
  readonly from: string;
  readonly at: number;
}

export interface RemoteParticipantInfo {
  readonly identity: string;
  /** `standard`, `agent`, `sip`, `ingress`, `egress`… */
  readonly kind: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface Publishing {
  readonly sid: string;
  stop(): Promise<void>;
}

/** An open microphone: silence until `play` speaks a WAV file into it. */
export interface Microphone extends Publishing {
  /** Resolves once another participant subscribes to the track. */
  readonly subscribed: Promise<void>;
  /** Speaks a 16 kHz mono WAV; resolves when it has been sent, with when its last loud 10 ms is heard (Date.now()). */
  play(path: string): Promise<{ speechEndsAt: number }>;
}

export interface RoomParticipant {
  readonly room: import('@livekit/rtc-node').Room;
  readonly identity: string;
  readonly chats: ChatLine[];
  readonly transcriptions: TranscriptionLine[];
  readonly agentEvents: AgentEventLine[];
  publishWav(path: string, options?: { loop?: boolean }): Promise<Publishing>;
  openMicrophone(rate?: number): Promise<Microphone>;
  publishQuietTrack(kind: 'audio' | 'video', source: 'microphone' | 'camera' | 'screen_share' | 'screen_share_audio'): Promise<string>;
  /** `firstLoudAt`: Date.now() when the first 100 ms louder than LOUD_DBFS arrived. */
  measureAudio(identity: string | undefined, ms: number): Promise<{ samples: number; dbfs: number; peakDbfs: number; firstLoudAt: number | undefined }>;
  sendChat(text: string): Promise<void>;
  sendText(text: string, topic?: string): Promise<void>;
  waitForChat(match: string | ((line: ChatLine) => boolean), timeoutMs?: number): Promise<ChatLine>;
  waitForTranscription(match: (line: TranscriptionLine) => boolean, timeoutMs?: number): Promise<TranscriptionLine>;
  waitForAgentEvent(match: string | ((event: AgentEventLine['event']) => boolean), timeoutMs?: number): Promise<AgentEventLine>;
  waitForParticipant(match: (p: RemoteParticipantInfo) => boolean, timeoutMs?: number): Promise<RemoteParticipantInfo>;
  participants(): RemoteParticipantInfo[];
  remoteIdentities(): string[];
  leave(): Promise<void>;
}

export declare function joinRoom(wsUrl: string, token: string): Promise<RoomParticipant>;

export declare function disposeRtc(): Promise<void>;
