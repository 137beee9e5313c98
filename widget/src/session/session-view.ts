/** What the element gives its call session, and what the panel reads from it to render. */
import type { LanguageChoice, Persona, ServerConfig } from '@call-center-widget/protocol';
import type { CallState, ChatEntry, Notice } from '../types.ts';

/** The customer's voice as the UI shows it. */
export interface VoiceView {
  readonly muted: boolean;
  readonly talking: boolean;
  readonly bars: readonly number[];
  readonly voiceActive: boolean;
  /** The bars are the AI agent's voice in the room (it is speaking), not the microphone. */
  readonly roomVoice?: boolean;
}

/** The call and chat as the UI shows them. */
export interface SessionView {
  readonly state: CallState;
  readonly inCall: boolean;
  readonly notice: Notice | undefined;
  readonly config: ServerConfig | undefined;
  readonly seconds: number | undefined;
  readonly entries: readonly ChatEntry[];
  /** The persona answering after transfers; undefined before the first turn. */
  readonly activePersona: Persona | undefined;
  readonly retryId: number | undefined;
  readonly voice: VoiceView;
}

/** The element's settings, read each time they are needed (attributes may change between calls). */
export interface CallSettings {
  readonly serverUrl: string;
  readonly persona: Persona;
  readonly language: LanguageChoice;
  readonly voice: string | undefined;
  readonly handsFree: boolean;
  readonly livekit: 'auto' | 'off';
  readonly textOnly: boolean;
  readonly workletUrl: string;
}

/** How the session talks back to the element. */
export interface CallSessionOptions {
  readonly settings: () => CallSettings;
  /** Localized log lines the session adds (frozen into the log when added). */
  readonly transferText: (from: Persona, to: Persona) => string;
  readonly handoffText: () => string;
  /** "Sam from our team joined the call." / "Sam left the call." */
  /** A member of staff joined or left the LiveKit call, or the text chat of a conversation over HTTP. */
  readonly staffText: (name: string, joined: boolean, where: 'call' | 'chat') => string;
  /** The customer's language as the server heard it (the UI follows it when language is 'auto'). */
  readonly onLanguage: (language: 'en' | 'ar') => void;
}
