/**
 * Our text-to-speech provider (Flite and espeak-ng offline, or OpenAI) as the Agents framework's non-streaming
 * TTS: one sentence in, its audio out as frames. The session wraps it in the framework's StreamAdapter with a
 * sentence tokenizer, so the first sentence is spoken while the reply is still being written.
 */
import { log, shortuuid, tts, type APIConnectOptions } from '@livekit/agents';
import { ProviderError, type Language, type TextToSpeech } from '../providers/types.ts';
import { synthesizedFrames } from './audio-frames.ts';

/** The rate the agent publishes at (LiveKit's room output default); every voice is resampled to it. */
export const AGENT_AUDIO_RATE = 24_000;

/** TextToSpeech as `tts.TTS` (`streaming: false`). `language()` says which language the call speaks now. */
export class ProviderTts extends tts.TTS {
  label = 'ccw.ProviderTts';

  constructor(
    readonly engine: TextToSpeech,
    readonly language: () => Language,
    /** Told when synthesis fails for another reason than the customer interrupting. */
    readonly onFailure: (err: ProviderError | Error) => void = () => undefined,
  ) {
    super(AGENT_AUDIO_RATE, 1, { streaming: false });
  }

  override get model(): string {
    return this.engine.name;
  }

  override get provider(): string {
    return 'call-center-widget';
  }

  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): tts.ChunkedStream {
    return new ProviderChunkedStream(this, text, connOptions, abortSignal);
  }

  stream(): never {
    throw new Error('ProviderTts synthesizes whole sentences: wrap it in tts.StreamAdapter with a sentence tokenizer');
  }
}

class ProviderChunkedStream extends tts.ChunkedStream {
  label = 'ccw.ProviderChunkedStream';

  constructor(
    private readonly owner: ProviderTts,
    text: string,
    connOptions?: APIConnectOptions,
    abortSignal?: AbortSignal,
  ) {
    super(text, owner, connOptions, abortSignal);
  }

  protected async run(): Promise<void> {
    const language = this.owner.language();
    const voices = this.owner.engine.capabilities();
    // As in a direct turn: a reply in a language no voice here speaks is answered in writing alone.
    const text = this.inputText.trim();
    if (!voices.available || !voices.languages.includes(language) || text === '') return;
    const signal = this.abortSignal;
    let frames;
    try {
      const audio = await this.owner.engine.synthesize(text, { language, signal, prefer: 'wav' });
      frames = await synthesizedFrames(audio, AGENT_AUDIO_RATE, signal);
    } catch (err) {
      if (signal.aborted) return;
      log().warn({ err: err instanceof Error ? err.message : String(err), text: text.slice(0, 80) }, 'ccw: a sentence could not be spoken');
      this.owner.onFailure(err instanceof Error ? err : new Error(String(err)));
      // As in a direct turn, the reply's text still reaches the customer and the call goes on: a failure thrown to
      // the framework was followed, twice, by an agent that answered nothing more in that call.
      return;
    }
    const requestId = shortuuid('ccw_tts_');
    frames.forEach((frame, i) => {
      if (!signal.aborted) this.queue.put({ requestId, segmentId: requestId, frame, final: i === frames.length - 1 });
    });
  }
}
