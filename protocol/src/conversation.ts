/**
 * The conversation routes: a typed turn (`POST /api/conversation`), a spoken turn (`POST /api/voice-turn`), and
 * the seed's speech routes (`POST /api/transcribe`, `POST /api/synthesize`).
 */
import { z } from 'zod';
import { Language, Persona } from './common.ts';
import {
  ConversationId,
  formBoolean,
  optionalBoolean,
  optionalConversationId,
  optionalLanguage,
  optionalPersona,
  optionalVoice,
  requiredText,
  UploadedFile,
} from './fields.ts';

/** `POST /api/conversation`. `message` is at most `/api/config` `limits.max_text_chars` characters. */
export const ConversationRequest = z
  .object({
    message: requiredText("The customer's message."),
    persona: optionalPersona.meta({ description: 'Who answers the first turn; afterwards transfers decide.' }),
    language: optionalLanguage,
    voice: optionalVoice,
    conversation_id: optionalConversationId,
    stream: optionalBoolean('Answer as server-sent events (also with `Accept: text/event-stream`).'),
    speak: optionalBoolean('With `stream`: also synthesize the reply, sentence by sentence (`audio` events).'),
  })
  .meta({ id: 'ConversationRequest' });
export type ConversationRequest = z.input<typeof ConversationRequest>;

/** A persona handing the conversation to another. */
export const Transfer = z.object({ from: Persona, to: Persona, reason: z.string() }).meta({ id: 'Transfer' });
export type Transfer = z.infer<typeof Transfer>;

/** The JSON answer of `POST /api/conversation` (the seed's shape, plus transfer and handoff). */
export const ConversationResponse = z
  .object({
    response: z.string(),
    persona: Persona,
    language: Language,
    conversation_id: z.string(),
    transfer: Transfer.nullable(),
    handoff: z.boolean().meta({ description: 'The customer asked for a human.' }),
  })
  .meta({ id: 'ConversationResponse' });
export type ConversationResponse = z.infer<typeof ConversationResponse>;

/** The path of `GET /api/conversation/{conversation_id}`. */
export const ConversationParams = z.object({ conversation_id: ConversationId });

/** One finished message of a conversation. */
export const ConversationMessage = z
  .object({
    role: z.enum(['customer', 'agent']),
    text: z.string(),
    persona: Persona.optional().meta({ description: 'Who answered (agent messages).' }),
  })
  .meta({ id: 'ConversationMessage' });
export type ConversationMessage = z.infer<typeof ConversationMessage>;

/**
 * `GET /api/conversation/{conversation_id}`: a conversation's history, oldest first, so a page the customer moves
 * to shows what was said. Only completed turns are kept (a failed or interrupted turn left nothing).
 */
export const ConversationHistory = z
  .object({
    conversation_id: z.string(),
    persona: Persona.meta({ description: 'The persona answering now.' }),
    language: Language,
    messages: z.array(ConversationMessage),
  })
  .meta({ id: 'ConversationHistory' });
export type ConversationHistory = z.infer<typeof ConversationHistory>;

/** Most messages a resumed conversation may carry (the server keeps its own last `CONVERSATION_MAX_TURNS` turns). */
export const MAX_RESUMED_MESSAGES = 200;
export type MaxResumedMessages = typeof MAX_RESUMED_MESSAGES;

/**
 * `POST /api/conversation/resume`: continues here a conversation this server does not hold, from the messages the
 * customer saw (the AI agent of a LiveKit call kept it, and left the call). Each text is at most
 * `limits.max_text_chars` characters; the body at most the JSON body limit. Answered with the new conversation.
 */
export const ConversationResume = z
  .object({
    messages: z
      .array(ConversationMessage)
      .min(1)
      .max(MAX_RESUMED_MESSAGES)
      .meta({ description: 'The conversation so far, oldest first, as `GET /api/conversation/{conversation_id}` gives it.' }),
    persona: optionalPersona.meta({ description: 'Who was answering; default: the last agent message\'s persona.' }),
    language: optionalLanguage,
  })
  .meta({ id: 'ConversationResume' });
export type ConversationResume = z.input<typeof ConversationResume>;

/** The file fields an audio upload may use (the seed's `audio_file`, and the shorter names). */
export const AUDIO_FIELDS = ['audio', 'audio_file', 'file'] as const;

/** An upload's audio, under any of its names (the route says which it reads first). */
const audioFiles = { audio: UploadedFile.optional(), audio_file: UploadedFile.optional(), file: UploadedFile.optional() };

/** `POST /api/voice-turn`: a spoken turn, multipart. The audio goes in `audio` (or `audio_file`, `file`). */
export const VoiceTurnForm = z
  .object({
    ...audioFiles,
    persona: optionalPersona,
    language: optionalLanguage,
    voice: optionalVoice,
    conversation_id: optionalConversationId,
    speak: formBoolean('Synthesize the reply (default true).'),
  })
  .meta({ id: 'VoiceTurnForm' });
export type VoiceTurnForm = z.input<typeof VoiceTurnForm>;

/** `POST /api/transcribe` (the seed's route): multipart `audio_file` (or `audio`, `file`). */
export const TranscribeForm = z
  .object({ ...audioFiles, language: optionalLanguage })
  .meta({ id: 'TranscribeForm' });
export type TranscribeForm = z.input<typeof TranscribeForm>;

/** The answer of `POST /api/transcribe`. */
export const Transcription = z
  .object({
    text: z.string(),
    language: z.string(),
    duration_seconds: z.number(),
    confidence: z.number().min(0).max(1),
    provider: z.string(),
  })
  .meta({ id: 'Transcription' });
export type Transcription = z.infer<typeof Transcription>;

/** `POST /api/synthesize` (the seed's route). `text` is at most `limits.max_text_chars` characters. */
export const SynthesizeRequest = z
  .object({
    text: requiredText(),
    voice: optionalVoice,
    language: optionalLanguage,
  })
  .meta({ id: 'SynthesizeRequest' });
export type SynthesizeRequest = z.input<typeof SynthesizeRequest>;

/** The answer of `POST /api/synthesize`. */
export const Synthesis = z
  .object({
    audio_url: z.string().meta({ description: '`/audio/<id>.<format>`, served until it expires.' }),
    audio_base64: z.string(),
    format: z.enum(['mp3', 'wav']),
    voice: z.string(),
    language: Language,
    provider: z.string(),
  })
  .meta({ id: 'Synthesis' });
export type Synthesis = z.infer<typeof Synthesis>;
