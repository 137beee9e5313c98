/**
 * The provider contracts. Routes depend on these interfaces only; each capability has an `openai` and a
 * `local` implementation, chosen per capability by configuration. Providers do not know Hono.
 */
import type { Language, Persona, ProviderErrorCode, ProviderName, TicketKind } from '@call-center-widget/protocol';

// The names both halves share come from the wire contract.
export { LANGUAGES, PERSONAS } from '@call-center-widget/protocol';
export type { Language, Persona, ProviderErrorCode, ProviderName } from '@call-center-widget/protocol';

/** A failure inside a provider, with a machine-readable code and a message safe to show a customer. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly retryAfterSeconds: number | undefined;
}

/** An uploaded audio file as the routes hand it to a recognizer. */
export interface AudioInput {
  readonly data: Uint8Array;
  /** Media type as sent by the client (may be empty or wrong; providers sniff the bytes). */
  readonly mimeType: string;
  readonly filename: string;
}

/** What a recognizer heard. */
export interface Transcription {
  readonly text: string;
  /** Detected (or forced) language of the speech. */
  readonly language: Language | string;
  readonly durationSeconds: number;
  /** 0..1; how sure the recognizer is. */
  readonly confidence: number;
}

/** What `/api/config` reports about speech-to-text. */
export interface SttCapabilities {
  readonly available: boolean;
  readonly languages: readonly string[];
  /** Container formats accepted, e.g. ['wav'] or ['wav','webm','mp3','ogg','m4a','flac']. */
  readonly formats: readonly string[];
  /** `free` understands open speech; `phrases` only the persona engine's own phrases. */
  readonly vocabulary: 'free' | 'phrases';
  /** Why something is absent, in one sentence, when it is. */
  readonly note?: string;
}

/** Speech to text. */
export interface SpeechToText {
  readonly name: ProviderName;
  capabilities(): SttCapabilities;
  /** Throws ProviderError. `language` forces the language when the caller knows it. */
  transcribe(audio: AudioInput, options: { language?: Language; signal?: AbortSignal }): Promise<Transcription>;
  /** Requests this recognizer understands well, offered to a customer whose speech it refused (`not_understood`). */
  examples?(language: Language): readonly string[];
}

/** What a synthesis is asked for. */
export interface SynthesisOptions {
  readonly voice?: string;
  readonly language: Language;
  readonly signal?: AbortSignal;
  /**
   * The container the caller would rather have: `wav` for one that decodes nothing (the AI agent publishes raw
   * frames, and decoding MP3 costs it an FFmpeg process per sentence). A provider that makes one format only
   * returns that one; `SynthesizedAudio.format` always says which.
   */
  readonly prefer?: SynthesizedAudio['format'];
}

/** One synthesized utterance. */
export interface SynthesizedAudio {
  readonly data: Uint8Array;
  readonly format: 'mp3' | 'wav';
  /** The voice actually used. */
  readonly voice: string;
}

/** What `/api/config` reports about text-to-speech. */
export interface TtsCapabilities {
  readonly available: boolean;
  readonly languages: readonly string[];
  readonly voices: readonly string[];
  /** Default voice per language. */
  readonly defaultVoice: Readonly<Record<string, string>>;
  readonly format: 'mp3' | 'wav';
  /** Other names this provider takes for its voices (OpenAI's, for the seed's clients): name -> the voice used. */
  readonly aliases?: Readonly<Record<string, string>>;
  readonly note?: string;
}

/** Text to speech. */
export interface TextToSpeech {
  readonly name: ProviderName;
  capabilities(): TtsCapabilities;
  /** Throws ProviderError. `voice` is one of capabilities().voices or aliases, or undefined for the language default. */
  synthesize(text: string, options: SynthesisOptions): Promise<SynthesizedAudio>;
}

/** One message of a conversation's history. */
export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
  /** Persona that wrote an assistant message. */
  readonly persona?: Persona;
  /** An assistant message spoken by more than one persona (a transfer): who said which part, in order. */
  readonly parts?: readonly { readonly persona: Persona; readonly text: string }[];
}

/** Facts the local engine remembered about the customer in this conversation (order number, plan...). */
export type ConversationMemory = Record<string, string>;

/** What a chat model is asked for one turn. */
export interface ChatRequest {
  readonly persona: Persona;
  readonly language: Language;
  /** Earlier turns, oldest first, not including `message`. */
  readonly history: readonly ChatMessage[];
  readonly message: string;
  /** Facts remembered so far; a provider may return an updated copy in its `done` event. */
  readonly memory: ConversationMemory;
}

/** Events a chat model streams for one turn. */
export type ChatEvent =
  /** More reply text. */
  | { readonly type: 'delta'; readonly text: string }
  /** The conversation moves to another persona; text after this event is that persona's. */
  | { readonly type: 'transfer'; readonly to: Persona; readonly reason: string }
  /** The customer asked for a human; the reply announces it. */
  | { readonly type: 'handoff'; readonly reason: string }
  /**
   * Something a person must do (a refund, an escalation, a callback): the turn records a ticket and says its
   * number (or that it could not) before the text that follows. The model never states a ticket number itself.
   */
  | { readonly type: 'ticket'; readonly kind: TicketKind; readonly orderNumber?: string; readonly contact?: string; readonly summary: string }
  /** The turn is complete. */
  | { readonly type: 'done'; readonly memory?: ConversationMemory };

/** What `/api/config` reports about chat. */
export interface ChatCapabilities {
  readonly available: boolean;
  readonly languages: readonly string[];
  /** `free` for a language model; `scripted` for the local persona engine. */
  readonly kind: 'free' | 'scripted';
}

/** Persona conversation. */
export interface ChatModel {
  readonly name: ProviderName;
  capabilities(): ChatCapabilities;
  /** Streams one turn. Throws (or the iterator throws) ProviderError; honours `signal`. */
  reply(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatEvent>;
  /**
   * A short summary of a conversation for a member of staff taking it over, in `language`; only a free model
   * writes one (the offline engine's memory is summarised by services/summary.ts instead).
   */
  summarize?(transcript: readonly ChatMessage[], language: Language, signal?: AbortSignal): Promise<string>;
}

/** The three capabilities the app runs on. */
export interface Providers {
  readonly stt: SpeechToText;
  readonly tts: TextToSpeech;
  readonly chat: ChatModel;
}
