// Types of livekit-participant.mjs for the TypeScript tests.
export declare const CHAT_TOPIC: string;
export declare function readWav(path: string): { samples: Int16Array; rate: number };
export declare function dbfs(samples: ArrayLike<number> & Iterable<number>): number;

export interface ChatLine {
  readonly text: string;
  readonly from: string;
}

export interface Publishing {
  readonly sid: string;
  stop(): Promise<void>;
}

export interface RoomParticipant {
  readonly room: import('@livekit/rtc-node').Room;
  readonly identity: string;
  readonly chats: ChatLine[];
  publishWav(path: string, options?: { loop?: boolean }): Promise<Publishing>;
  publishQuietTrack(kind: 'audio' | 'video', source: 'microphone' | 'camera' | 'screen_share' | 'screen_share_audio'): Promise<string>;
  measureAudio(identity: string | undefined, ms: number): Promise<{ samples: number; dbfs: number; peakDbfs: number }>;
  sendChat(text: string): Promise<void>;
  waitForChat(match: string | ((line: ChatLine) => boolean), timeoutMs?: number): Promise<ChatLine>;
  remoteIdentities(): string[];
  leave(): Promise<void>;
}

export declare function joinRoom(wsUrl: string, token: string): Promise<RoomParticipant>;

export declare function disposeRtc(): Promise<void>;
