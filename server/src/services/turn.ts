/**
 * One conversation turn, shared by `/api/conversation` and `/api/voice-turn`: the transcript (of a voice turn), the
 * persona's streamed reply, and (when speaking) synthesis per sentence, pipelined so sentence 1 is being
 * synthesized while the chat model is still writing sentence 2. History is committed only when the reply is
 * complete, so a failed or interrupted turn leaves the conversation exactly as it was. A ticket the reply asks
 * for is written when it is asked for and only then announced; it stays written whatever the turn does next
 * (the same request again finds it instead of writing another).
 */
import { isRetryable, type TurnEvent, type TurnTimings } from '@call-center-widget/protocol';
import type { AudioStore } from '../stores/audio-store.ts';
import type { Conversation, ConversationStore } from '../stores/conversation-store.ts';
import type { CallNotes } from '../stores/call-notes.ts';
import type { Desk } from '../stores/desk.ts';
import type { TicketStore } from '../stores/ticket-store.ts';
import {
  ProviderError,
  type Transcription,
  type ConversationMemory,
  type Language,
  type Persona,
  type Providers,
} from '../providers/types.ts';
import { SentenceSplitter } from '../text/sentences.ts';
import { detectLanguage } from '../text/language.ts';
import { oneLine } from '../text/one-line.ts';
import { AsyncQueue } from './async-queue.ts';
import { recordTicket, type TicketRequest } from './tickets.ts';

/** What a turn streams to the client: the contract's turn events. */
export type { TurnEvent, TurnTimings } from '@call-center-widget/protocol';

/** What a turn runs on. */
export interface TurnDeps {
  readonly providers: Providers;
  readonly conversations: ConversationStore;
  readonly audio: AudioStore;
  /** Where tickets are written; without it a turn that asks for one tells the customer nothing was recorded. */
  readonly tickets?: TicketStore;
  /** Where the AI agent's call process notes where a live call stands, for staff who join it. */
  readonly callNotes?: CallNotes;
  /** How many members of staff have the console open now (they can join a LiveKit call, or take a text chat). */
  readonly staffOnline?: () => number;
  /** Where a conversation held over HTTP waits for, and is answered by, a member of staff. */
  readonly desk?: Desk;
  readonly logError?: (message: string, err: unknown) => void;
}

/** One turn's input. */
export interface TurnInput {
  readonly conversation: Conversation;
  /** The customer's text, typed or transcribed. */
  readonly message: string;
  /** For a voice turn: what the recognizer heard (sent first), and when the turn began (`performance.now()`). */
  readonly transcript?: Transcription;
  readonly startedAt?: number;
  /** 'auto' (or undefined) means: detect from the speech or text, else keep the conversation's language. */
  readonly language?: Language | 'auto';
  /** Synthesize the reply, sentence by sentence. */
  readonly speak: boolean;
  /** Voice for synthesis; the language's default when undefined. */
  readonly voice?: string;
  /** The LiveKit room of the call, when the AI agent holds it there (kept on tickets, for staff to find the call). */
  readonly roomName?: string;
}

/** Runs one turn, yielding events in the order the client should see them. Provider errors become events. */
export async function* runTurn(deps: TurnDeps, input: TurnInput, signal: AbortSignal): AsyncGenerator<TurnEvent> {
  const started = input.startedAt ?? performance.now();
  const timings: TurnTimings = {};
  const since = (): number => Math.round(performance.now() - started);
  const { conversation, message, transcript } = input;
  const language = resolveLanguage(input.language, message, conversation.language, transcript?.language);
  // The id is known before the first byte of the reply, so a client can retry into the same conversation.
  yield { type: 'start', conversation_id: conversation.id, persona: conversation.persona };
  if (transcript) {
    timings.transcript = since();
    yield {
      type: 'transcript',
      text: message,
      language: transcript.language,
      confidence: transcript.confidence,
      duration_seconds: transcript.durationSeconds,
    };
  }

  // A member of staff holds this conversation: the message is theirs to answer, the AI keeps quiet.
  const holder = input.roomName === undefined ? deps.desk?.holder(conversation.id) : undefined;
  if (holder !== undefined && deps.desk?.customerSays(conversation.id, message)) {
    timings.total = since();
    const language = conversation.language;
    yield { type: 'done', conversation_id: conversation.id, response: '', persona: conversation.persona, language, handoff: false, committed: false, timings_ms: timings, staff_name: holder };
    return;
  }

  const seq = deps.conversations.beginTurn(conversation);
  const queue = new AsyncQueue<TurnEvent>();
  const splitter = new SentenceSplitter();
  let persona = conversation.persona;
  let reply = '';
  // Who said which part: a transfer hands the rest of the reply to another persona.
  const parts: { persona: Persona; text: string }[] = [];
  let handoff = false;
  let ticketFailed = false;
  let memory: ConversationMemory | undefined;
  let sentenceIndex = 0;
  let synthesisFailed = false;
  // Audio events must reach the client in sentence order even when a later sentence synthesizes faster.
  let audioChain: Promise<void> = Promise.resolve();

  // A reply in a language this server cannot speak is answered in text alone: for a typed turn that is no error.
  const voices = deps.providers.tts.capabilities();
  const speak = input.speak && voices.available && voices.languages.includes(language);
  const speakSentence = (text: string): void => {
    if (!speak || synthesisFailed) return;
    const index = sentenceIndex++;
    const voice = input.voice;
    const lang = language;
    const pending = deps.providers.tts.synthesize(text, { voice, language: lang, signal }).then(
      async (audio) => ({ audio, name: await deps.audio.save(audio.data, audio.format) }),
    );
    // Avoid an unhandled rejection while an earlier sentence is still being awaited in the chain.
    pending.catch(() => undefined);
    audioChain = audioChain.then(async () => {
      if (synthesisFailed) return;
      try {
        const { audio, name } = await pending;
        timings.first_audio ??= since();
        queue.push({
          type: 'audio',
          index,
          text,
          audio_url: `/audio/${name}`,
          audio_base64: Buffer.from(audio.data).toString('base64'),
          format: audio.format,
          voice: audio.voice,
        });
      } catch (err) {
        if (signal.aborted) return;
        synthesisFailed = true;
        queue.push(errorEvent(err, 'synthesis'));
      }
    });
  };

  const say = (text: string): void => {
    timings.first_delta ??= since();
    reply += text;
    if (parts.at(-1)?.persona === persona) parts.at(-1)!.text += text;
    else parts.push({ persona, text });
    queue.push({ type: 'delta', text, persona });
    for (const sentence of splitter.push(text)) speakSentence(sentence);
  };

  /** Writes the ticket the reply asks for, then says its number (or that it could not be written). */
  const ticket = (request: Omit<TicketRequest, 'conversationId' | 'persona' | 'language' | 'history' | 'message' | 'roomName'>): number | undefined => {
    if (ticketFailed) return undefined;
    const outcome = recordTicket(
      deps.tickets,
      { ...request, conversationId: conversation.id, persona, language, history: conversation.history, message, roomName: input.roomName },
      deps.logError,
    );
    if (outcome.id !== undefined) queue.push({ type: 'ticket', id: outcome.id, kind: request.kind });
    // What the model wrote after a ticket assumes it exists: when it could not be written, the customer hears that,
    // the rest is dropped, and the turn is not committed (the model will ask again next time).
    else ticketFailed = true;
    say(`${reply === '' || /\s$/.test(reply) ? '' : ' '}${outcome.sentence}${ticketFailed ? '' : ' '}`);
    return outcome.id;
  };

  const chat = (async (): Promise<void> => {
    const events = deps.providers.chat.reply(
      { persona, language, history: conversation.history, message, memory: conversation.memory },
      signal,
    );
    for await (const event of events) {
      switch (event.type) {
        case 'delta':
          if (!ticketFailed) say(event.text);
          break;
        case 'ticket':
          ticket(event);
          break;
        case 'transfer':
          // What the previous persona said goes to synthesis before the new persona speaks.
          for (const sentence of splitter.push('\n')) speakSentence(sentence);
          queue.push({ type: 'transfer', from: persona, to: event.to, reason: event.reason });
          persona = event.to;
          break;
        case 'handoff': {
          handoff = true;
          queue.push({ type: 'handoff', reason: event.reason });
          // The request is a ticket staff see at the top of the console; the customer hears its number, and whether
          // someone can join: only in a LiveKit call (the AI agent's), and only while a member has the console open.
          // A conversation over HTTP waits at the text desk, where a member can take it and type.
          const order = conversation.memory['order_number'];
          const where = input.roomName !== undefined ? 'call' : deps.desk ? 'chat' : undefined;
          const staffCanJoin = where !== undefined && (deps.staffOnline?.() ?? 0) > 0;
          const ticketId = ticket({
            kind: 'human_request',
            summary: `Asked to speak with a person${event.reason ? ` (${oneLine(event.reason, 200)})` : ''}.`,
            ...(order ? { orderNumber: order } : {}),
            staffCanJoin,
            joinIn: where === 'chat' ? 'chat' : 'call',
          });
          if (where === 'chat' && ticketId !== undefined) deps.desk!.request(conversation.id, { persona, language, ticketId });
          break;
        }
        case 'done':
          memory = event.memory;
          break;
      }
    }
    const rest = splitter.flush();
    if (rest) speakSentence(rest);
  })();

  const finished = chat.then(
    async () => {
      await audioChain;
      const committed = !ticketFailed && deps.conversations.commitTurn(conversation, seq, {
        userMessage: message,
        reply: reply.trim(),
        persona,
        language,
        memory,
        parts: parts.map((p) => ({ persona: p.persona, text: p.text.trim() })).filter((p) => p.text !== ''),
      });
      timings.total = since();
      queue.push({
        type: 'done',
        conversation_id: conversation.id,
        response: reply.trim(),
        persona,
        language,
        handoff,
        committed,
        timings_ms: timings,
      });
      queue.end();
    },
    (err: unknown) => {
      // The reply broke off: history is untouched, the client may retry the same message.
      queue.push(errorEvent(err, 'chat'));
      queue.end();
    },
  );

  try {
    yield* queue;
  } finally {
    await finished.catch(() => undefined);
  }
}

/** Chooses the reply language: explicit choice, else the script of the text, else the recognizer's, else the last. */
export function resolveLanguage(
  requested: Language | 'auto' | undefined,
  text: string,
  fallback: Language,
  recognized?: string,
): Language {
  if (requested && requested !== 'auto') return requested;
  const fromText = text ? detectLanguage(text) : undefined;
  if (fromText) return fromText;
  if (recognized === 'ar' || recognized === 'en') return recognized;
  return fallback;
}

function errorEvent(err: unknown, stage: 'chat' | 'synthesis'): TurnEvent {
  if (err instanceof ProviderError) {
    const base = { type: 'error', code: err.code, message: err.message, stage, retryable: isRetryable(err.code) } as const;
    const wait = err.retryAfterSeconds;
    return wait === undefined ? base : { ...base, retry_after_seconds: Math.max(0, Math.ceil(wait)) };
  }
  if (err instanceof Error && err.name === 'AbortError') {
    return { type: 'error', code: 'aborted', message: 'The turn was cancelled.', stage, retryable: true };
  }
  return { type: 'error', code: 'internal_error', message: 'Something went wrong on our side. Please try again.', stage, retryable: true };
}
