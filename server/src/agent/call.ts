/**
 * One call, in its own job process (the framework forks one per dispatched room): the agent joins, waits for the
 * customer, and runs an AgentSession whose STT, LLM and TTS are our providers around the conversation core. The
 * framework does the rest as LiveKit's agents do everywhere: turn detection with the Silero VAD, barge-in and
 * false-interruption recovery, `lk.transcription` text streams for both sides, `lk.agent.state`, and typed
 * text on `lk.chat`.
 */
import { AutoSubscribe, log, stt, tokenize, tts, voice, type JobContext, type VAD } from '@livekit/agents';
import * as silero from '@livekit/agents-plugin-silero';
import { ParticipantKind, RoomEvent, type RemoteParticipant, type Room } from '@livekit/rtc-node';
import { AGENT_ALIVE_INTERVAL_MS, AGENT_HISTORY_TOPIC, AGENT_NAME, AgentDispatchMetadata, ConversationResume } from '@call-center-widget/protocol';
import { loadConfig } from '../config.ts';
import { DEFAULT_AGENT_DISPATCH, CUSTOMER_IDENTITY_PREFIX, STAFF_IDENTITY_PREFIX } from '../livekit/tokens.ts';
import { createProviders } from '../providers/index.ts';
import { ProviderError } from '../providers/types.ts';
import type { TurnDeps } from '../services/turn.ts';
import { AudioStore } from '../stores/audio-store.ts';
import { ConversationStore } from '../stores/conversation-store.ts';
import { openDatabase } from '../stores/database.ts';
import { CallNotes } from '../stores/call-notes.ts';
import { StaffStore } from '../stores/staff-store.ts';
import { TicketStore } from '../stores/ticket-store.ts';
import { CallConversation } from './call-conversation.ts';
import { ConversationLlm } from './conversation-llm.ts';
import { ProviderStt } from './provider-stt.ts';
import { ProviderTts } from './provider-tts.ts';
import { RoomEvents } from './room-events.ts';

/** What a job process prepares once, before a call is handed to it. */
export interface CallProcess {
  readonly deps: TurnDeps;
  readonly vad: VAD;
  /** Longest text a message may have (MAX_TEXT_CHARS), as over HTTP. */
  readonly textChars: number;
  /** Largest JSON body the server takes (MAX_JSON_KB), the bound on a history sent over the room. */
  readonly jsonBytes: number;
}

/** Builds the providers, stores and VAD of a job process from the environment the worker passed on. */
export async function prepareCallProcess(env: NodeJS.ProcessEnv = process.env): Promise<CallProcess> {
  const config = loadConfig(env);
  // Silero at its defaults (0.55 s of quiet ends an utterance). 0.3 s with a 0.7 s endpointing delay answered
  // ~270 ms sooner in bench/agent-latency.mjs, but cut utterances at their short pauses, and the offline recognizer
  // read the pieces as "you i would like to talk to your got …": whole utterances are worth the wait.
  const [providers, vad] = await Promise.all([createProviders(config), silero.VAD.load()]);
  // The offline voice's first sentence in a fresh process takes ~120 ms against ~50 warm: warm it before a call.
  if (providers.tts.name === 'local') await providers.tts.synthesize('Hello.', { language: 'en' }).catch(() => undefined);
  await warmFetch();
  // Speech is synthesized by the framework's TTS and never stored, so the audio store stays unused (and empty).
  // Tickets go to the same database as the server's (SQLite in WAL mode takes writers from several processes).
  const db = openDatabase(config.data.dir);
  const tickets = new TicketStore(db);
  // Who has the console open: a caller asking for a person hears whether someone can join.
  const staff = new StaffStore(db);
  const deps: TurnDeps = {
    providers,
    conversations: new ConversationStore(config.conversations),
    audio: new AudioStore(config.audio),
    tickets,
    callNotes: new CallNotes(db),
    staffOnline: () => staff.online(),
    logError: (message, err) => log().error({ err: err instanceof Error ? err.message : String(err) }, `ccw: ${message}`),
  };
  return { deps, vad, textChars: config.limits.textChars, jsonBytes: config.limits.jsonBytes };
}

/**
 * Node loads its `fetch` (undici, which the openai SDK calls) on first use, and builds its first multipart body
 * slowly: in a fresh call process the first transcription reached the provider ~37 ms after the audio was ready,
 * against ~14 ms once this runs first. Paid here, before the process is given a call, with nothing sent anywhere.
 */
async function warmFetch(): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(44)], { type: 'audio/wav' }), 'warm.wav');
  await new Response(form).arrayBuffer();
  await (await fetch('data:,')).arrayBuffer();
}

/** Joins the call the job was dispatched to and starts answering; the job lasts until the session closes. */
export async function runCall(ctx: JobContext, prepared: CallProcess): Promise<void> {
  const start = dispatchOf(ctx.job.metadata);
  await ctx.connect(undefined, AutoSubscribe.AUDIO_ONLY);
  // Registered at once: the widget sends the conversation so far as soon as it sees the agent arrive.
  let started: CallConversation | undefined;
  const histories: string[] = [];
  // One history per call, from the customer, and no bigger than the HTTP route would take: a stream past that is
  // left unread rather than held in memory.
  let historyTaken = false;
  ctx.room.registerTextStreamHandler(AGENT_HISTORY_TOPIC, (reader, from) => {
    if (!from.identity.startsWith(CUSTOMER_IDENTITY_PREFIX) || historyTaken) return;
    historyTaken = true;
    void readAtMost(reader, prepared.jsonBytes).then((text) => {
      if (text === undefined) return log().warn('ccw: a conversation history from the customer was too large; the call starts afresh');
      if (started) continueFrom(started, text, start, prepared.textChars);
      else histories.push(text);
    }, () => undefined);
  });
  const customer = await waitForCustomer(ctx.room);
  const participant = ctx.room.localParticipant;
  if (!participant) throw new Error('connected without a local participant');

  const { providers } = prepared.deps;
  const events = new RoomEvents(participant);
  const call = CallConversation.open(prepared.deps, start, events, ctx.room.name);
  started = call;
  for (const text of histories.splice(0)) continueFrom(call, text, start, prepared.textChars);
  const closing = new AbortController();

  const recognizer = new ProviderStt(providers.stt, {
    heard: (transcription) => call.heard(transcription),
    refused: () => {
      // While a member of staff is in the call the agent says nothing, its "did not catch that" included.
      if (call.standingBy) return;
      void call
        .refusal(closing.signal)
        .then((sentence) => {
          // Said like a reply (interruptible, transcribed), but not part of the conversation.
          // (The recognizer only hears anything once the session below has started.)
          if (sentence && !closing.signal.aborted) session.say(sentence, { addToChatCtx: false });
        })
        .catch((err: unknown) => log().warn({ err: String(err) }, 'ccw: the refusal could not be said'));
    },
    failed: (err) => call.failed(err instanceof ProviderError ? err.code : 'provider_error', 'Speech recognition failed. Please try again, or type your message.', true),
  }, () => session.agentState === 'speaking');
  const voiceOut = new ProviderTts(
    providers.tts,
    () => call.language,
    (err) => call.failed(err instanceof ProviderError ? err.code : 'provider_error', 'The reply could not be spoken.', true),
  );

  const session = new voice.AgentSession({
    vad: prepared.vad,
    // Without a recognizer for the call (no pocketsphinx, no key) the customer can still type.
    stt: providers.stt.capabilities().available ? new stt.StreamAdapter(recognizer, prepared.vad) : undefined,
    llm: new ConversationLlm(call, providers.chat),
    // `retainFormat` keeps the space before each sentence, so the transcript assembled from them reads as written.
    tts: new tts.StreamAdapter(voiceOut, new tokenize.basic.SentenceTokenizer({ retainFormat: true })),
    turnHandling: {
      // The end of the customer's speech ends the turn (Silero), as the widget's hands-free mode does directly.
      turnDetection: 'vad',
      interruption: { mode: 'vad' },
      // A reply is written only for a finished turn: the core commits every reply it completes to the history.
      preemptiveGeneration: { enabled: false },
    },
    userAwayTimeout: null,
    // Our prompts ask for plain spoken sentences; the framework's markdown filter would hold each token back until
    // the next one arrives (one token later to the voice). Emojis are still dropped.
    ttsTextTransforms: ['filter_emoji'],
  });
  // The beat the widget listens for: LiveKit is slow to notice a job process that died.
  const alive = setInterval(() => events.send({ type: 'alive' }), AGENT_ALIVE_INTERVAL_MS);
  session.on(voice.AgentSessionEventTypes.Close, (ev) => {
    clearInterval(alive);
    closing.abort();
    // The framework gives up after repeated provider failures: the widget is told to go on without the agent.
    if (ev.reason === voice.CloseReason.ERROR) {
      call.failed('provider_unavailable', 'The assistant cannot continue in this call. Please go on here; your messages will be answered directly.', false);
    }
    void events.flushed().finally(() => ctx.shutdown('the agent session closed'));
  });

  // A member of staff in the call takes it over: the agent stops talking and answers nothing while one is there
  // (the customer's words are still transcribed), and takes the call back when the last one leaves.
  // (An AI agent's own identity starts with `agent-` too: LiveKit's participant kind tells them apart.)
  const isStaff = (p: RemoteParticipant): boolean => p.identity.startsWith(STAFF_IDENTITY_PREFIX) && p.kind !== ParticipantKind.AGENT;
  const staffInRoom = (): number => [...ctx.room.remoteParticipants.values()].filter(isStaff).length;
  const staffChanged = (p: RemoteParticipant): void => {
    if (!isStaff(p)) return;
    const humans = staffInRoom();
    if (humans > 0 && !call.standingBy) void session.interrupt();
    call.standBy(humans > 0);
  };
  ctx.room.on(RoomEvent.ParticipantConnected, staffChanged).on(RoomEvent.ParticipantDisconnected, staffChanged);

  await session.start({
    agent: new voice.Agent({ instructions: `${AGENT_NAME}: replies come from the call center's conversation core.` }),
    room: ctx.room,
    inputOptions: { participantIdentity: customer.identity, audioSampleRate: 16_000, closeOnDisconnect: true },
    outputOptions: { transcriptionEnabled: true, syncTranscription: true },
    // Nothing of the call is recorded or uploaded.
    record: false,
  });
  call.announce();
  // Staff already in the room when the agent came.
  if (staffInRoom() > 0) call.standBy(true);
}

/** A text stream's text, or undefined once it passes `maxBytes` (what is left of it is not read). */
async function readAtMost(reader: AsyncIterable<string>, maxBytes: number): Promise<string | undefined> {
  let text = '';
  for await (const chunk of reader) {
    text += chunk;
    if (Buffer.byteLength(text) > maxBytes) return undefined;
  }
  return text;
}

/** Continues the conversation the customer's widget sent, when it is one the contract accepts. */
function continueFrom(call: CallConversation, json: string, start: AgentDispatchMetadata, textChars: number): void {
  let parsed;
  try {
    parsed = ConversationResume.safeParse(JSON.parse(json));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success || parsed.data.messages.some((m) => [...m.text].length > textChars)) {
    log().warn('ccw: a conversation history from the customer was not usable; the call starts afresh');
    return;
  }
  const language = parsed.data.language === 'en' || parsed.data.language === 'ar' ? parsed.data.language : start.language;
  call.continueFrom(parsed.data, language);
}

/** The dispatch's metadata, or how a call starts by default when it carries none the contract accepts. */
function dispatchOf(metadata: string): AgentDispatchMetadata {
  try {
    const parsed = AgentDispatchMetadata.safeParse(JSON.parse(metadata));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: a dispatch made by hand (`lk dispatch create`), not by our server.
  }
  return DEFAULT_AGENT_DISPATCH;
}

/** The call's customer: the first participant whose identity our server made for a customer. */
function waitForCustomer(room: Room): Promise<RemoteParticipant> {
  const isCustomer = (p: RemoteParticipant): boolean => p.identity.startsWith(CUSTOMER_IDENTITY_PREFIX);
  const present = [...room.remoteParticipants.values()].find(isCustomer);
  if (present) return Promise.resolve(present);
  return new Promise((resolve) => {
    const joined = (p: RemoteParticipant): void => {
      if (!isCustomer(p)) return;
      room.off(RoomEvent.ParticipantConnected, joined);
      resolve(p);
    };
    room.on(RoomEvent.ParticipantConnected, joined);
  });
}
