/**
 * Text to speech through OpenAI's `/audio/speech` (tts-1, tts-1-hd, gpt-4o-mini-tts, or any compatible
 * server). MP3 by default: every browser plays it and it is a tenth the size of WAV. A caller that prefers WAV
 * (the AI agent, which publishes raw frames) gets OpenAI's raw PCM in a WAV header: nothing to decode.
 */
import type OpenAI from 'openai';
import { encodeWav } from '../../audio/wav.ts';
import { ProviderError, type Language, type SynthesisOptions, type SynthesizedAudio, type TextToSpeech, type TtsCapabilities } from '../types.ts';
import { abortError, isAbortError, toProviderError } from './client.ts';

/** The voices every OpenAI speech model offers (tts-1 has exactly these six, the newer models more). */
export const OPENAI_VOICES = ['nova', 'alloy', 'echo', 'fable', 'onyx', 'shimmer'] as const;

/**
 * Default voice per language. OpenAI voices are not tied to a language (the text decides it), so this is a
 * choice of timbre: nova, bright and clear, for English; alloy, OpenAI's own neutral default, for Arabic.
 * Any other voice is one `voice` away for a caller who prefers it.
 */
export const OPENAI_DEFAULT_VOICE: Readonly<Record<Language, (typeof OPENAI_VOICES)[number]>> = { en: 'nova', ar: 'alloy' };

/** The sample rate of OpenAI's `pcm` speech. */
export const OPENAI_PCM_RATE = 24_000;

/** Text to speech through the `openai` SDK. */
export class OpenAITts implements TextToSpeech {
  readonly name = 'openai' as const;
  private readonly client: OpenAI;
  private readonly model: string;

  /** `client` from createOpenAIClient (its timeout also bounds reading the audio body); `model` e.g. tts-1. */
  constructor(client: OpenAI, model: string) {
    this.client = client;
    this.model = model;
  }

  capabilities(): TtsCapabilities {
    return { available: true, languages: ['en', 'ar'], voices: OPENAI_VOICES, defaultVoice: OPENAI_DEFAULT_VOICE, format: 'mp3' };
  }

  async synthesize(text: string, options: SynthesisOptions): Promise<SynthesizedAudio> {
    const input = text.trim();
    // An empty input is a 400 upstream; refusing it here saves a paid round trip.
    if (input === '') throw new ProviderError('provider_error', 'There is no text to speak.');
    // The contract returns the voice actually used, so an unknown name falls back to the language's default.
    const voice = (OPENAI_VOICES as readonly string[]).includes(options.voice ?? '') ? options.voice! : OPENAI_DEFAULT_VOICE[options.language];

    // The SDK's timeout ends when the headers arrive; the audio body gets its own deadline so a stalled
    // upload from upstream cannot hold a customer's turn open forever.
    const bodyDeadline = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, bodyDeadline.signal]) : bodyDeadline.signal;
    const pcm = options.prefer === 'wav';
    let data: Uint8Array;
    try {
      const response = await this.client.audio.speech.create({ model: this.model, voice, input, response_format: pcm ? 'pcm' : 'mp3' }, { signal });
      const timer = setTimeout(() => bodyDeadline.abort(), this.client.timeout);
      try {
        data = new Uint8Array(await response.arrayBuffer());
      } finally {
        clearTimeout(timer);
      }
    } catch (err) {
      if (options.signal?.aborted) throw abortError();
      if (bodyDeadline.signal.aborted && isAbortError(err)) {
        throw new ProviderError('provider_timeout', 'Speech synthesis took too long to answer. Please try again.', { cause: err });
      }
      throw toProviderError(err, 'Speech synthesis');
    }

    // A customer hearing silence is worse than an honest error (DESIGN.md): never hand back an empty MP3.
    if (data.length === 0) throw new ProviderError('provider_error', 'Speech synthesis returned no audio. Please try again.');
    if (pcm) {
      // Raw 16-bit little-endian mono at 24 kHz, OpenAI's documented `pcm`; an odd length is not that.
      if (data.length % 2 !== 0) throw new ProviderError('provider_error', 'Speech synthesis returned something that is not audio. Please try again.');
      const samples = new Int16Array(data.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = (data[2 * i]! | (data[2 * i + 1]! << 8)) << 16 >> 16;
      return { data: encodeWav(samples, OPENAI_PCM_RATE), format: 'wav', voice };
    }
    if (!looksLikeMp3(data)) throw new ProviderError('provider_error', 'Speech synthesis returned something that is not audio. Please try again.');
    return { data, format: 'mp3', voice };
  }
}

/** An ID3 tag or an MPEG audio frame sync (11 set bits) at the start: what every MP3 encoder writes first. */
export function looksLikeMp3(data: Uint8Array): boolean {
  if (data.length >= 3 && data[0] === 0x49 && data[1] === 0x44 && data[2] === 0x33) return true;
  return data.length >= 4 && data[0] === 0xff && ((data[1] ?? 0) & 0xe0) === 0xe0;
}
