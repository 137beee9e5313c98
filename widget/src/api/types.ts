/**
 * The server's wire shapes, as the widget receives them (snake_case, as on the wire). Mirrors
 * server/src/routes/info.ts (`/api/config`), server/src/routes/room.ts (`/api/room/token`) and
 * server/src/services/turn.ts (the SSE events of `/api/conversation` and `/api/voice-turn`).
 */

/** The three AI personas of the call center. */
export type Persona = 'reception' | 'sales' | 'complaints';

/** Languages the product speaks end to end. */
export type Language = 'en' | 'ar';

/** Which implementation serves a capability on the server. */
export type ProviderName = 'openai' | 'local';

/** `GET /api/config`: what the widget may use on this server. */
export interface ServerConfig {
  livekit: { enabled: boolean; url: string | null };
  providers: { stt: ProviderName; tts: ProviderName; chat: ProviderName };
  stt: { available: boolean; languages: string[]; formats: string[]; vocabulary: 'free' | 'phrases'; note: string | null };
  tts: {
    available: boolean;
    languages: string[];
    voices: string[];
    /** Default voice per language. */
    default_voice: Record<string, string>;
    format: 'mp3' | 'wav';
    note: string | null;
  };
  chat: { available: boolean; languages: string[]; kind: 'free' | 'scripted' };
  personas: { id: Persona; name: { en: string; ar: string } }[];
  languages: string[];
  limits: { max_audio_bytes: number; max_text_chars: number; max_concurrent: number };
}

/** `POST /api/room/token`: the seed's fields, LiveKit TokenSource's fields and the call handle. */
export interface TokenResponse {
  token: string;
  livekit_url: string;
  room_name: string;
  participant_name: string;
  participant_identity: string;
  /** ISO time the token stops being accepted for joining. */
  expires_at: string;
  /** Present this to get another token for the same room (a reconnect within the same call). */
  call_handle: string;
  call_handle_expires_at: string;
  /** TokenSource's names for `livekit_url` and `token`. */
  server_url: string;
  participant_token: string;
}

/** Milliseconds from the start of the turn, measured by the server. */
export interface TurnTimings {
  transcript?: number;
  first_delta?: number;
  first_audio?: number;
  total?: number;
}

/** One server-sent event of a turn; `type` is the SSE `event:` name, the rest its JSON `data:`. */
export type TurnEvent =
  | { type: 'start'; conversation_id: string; persona: Persona }
  | { type: 'transcript'; text: string; language: string; confidence: number; duration_seconds: number }
  | { type: 'delta'; text: string; persona: Persona }
  | { type: 'transfer'; from: Persona; to: Persona; reason: string }
  | { type: 'handoff'; reason: string }
  | { type: 'audio'; index: number; text: string; audio_url: string; audio_base64: string; format: string; voice: string }
  | {
      type: 'done';
      conversation_id: string;
      response: string;
      persona: Persona;
      language: Language;
      handoff: boolean;
      committed: boolean;
      timings_ms: TurnTimings;
    }
  | { type: 'error'; code: string; message: string; stage: 'chat' | 'synthesis'; retryable: boolean };

/** The names of the turn events, in the order a turn may send them. */
export const TURN_EVENT_TYPES: readonly TurnEvent['type'][] = ['start', 'transcript', 'delta', 'transfer', 'handoff', 'audio', 'done', 'error'];

/** A typed turn (`POST /api/conversation`). */
export interface ConversationRequest {
  message: string;
  persona?: Persona;
  language?: string;
  conversation_id?: string;
  speak?: boolean;
  voice?: string;
}

/** A spoken turn (`POST /api/voice-turn`): the WAV and the same fields as a typed turn. */
export interface VoiceTurnRequest {
  audio: Blob;
  persona?: Persona;
  language?: string;
  conversation_id?: string;
  speak?: boolean;
  voice?: string;
}

/** The body of `POST /api/room/token` the widget sends. */
export interface TokenRequest {
  participant_name?: string;
  call_handle?: string;
  room_name?: string;
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string };
}
