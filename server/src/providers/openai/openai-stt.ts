/**
 * Speech to text through OpenAI's `/audio/transcriptions` (whisper-1, gpt-4o(-mini)-transcribe, or any
 * compatible server). whisper-style models are asked for `verbose_json` (language, duration, segments with
 * log-probabilities); gpt-4o transcribe models only answer `json`, so they are asked for token logprobs.
 */
import type OpenAI from 'openai';
import { toFile } from 'openai';
import { ProviderError, type AudioInput, type Language, type SpeechToText, type SttCapabilities, type Transcription } from '../types.ts';
import { toProviderError } from './client.ts';

type TranscriptionSegment = OpenAI.Audio.TranscriptionSegment;

/**
 * Reported when the model gives no measure of certainty at all (no segments, no logprobs): the text is taken
 * as heard, so nothing downstream second-guesses a transcript only because the model did not score it.
 */
export const UNKNOWN_CONFIDENCE = 1;

/** Whisper's language names (what `verbose_json` reports) to ISO 639-1 codes. */
const LANGUAGE_CODES: Readonly<Record<string, string>> = {
  english: 'en', arabic: 'ar', french: 'fr', spanish: 'es', german: 'de', italian: 'it', portuguese: 'pt',
  dutch: 'nl', russian: 'ru', ukrainian: 'uk', polish: 'pl', czech: 'cs', turkish: 'tr', persian: 'fa',
  urdu: 'ur', hindi: 'hi', bengali: 'bn', hebrew: 'he', greek: 'el', swedish: 'sv', norwegian: 'no',
  danish: 'da', finnish: 'fi', hungarian: 'hu', romanian: 'ro', bulgarian: 'bg', serbian: 'sr', croatian: 'hr',
  slovak: 'sk', slovenian: 'sl', chinese: 'zh', japanese: 'ja', korean: 'ko', vietnamese: 'vi', thai: 'th',
  indonesian: 'id', malay: 'ms', tagalog: 'tl', swahili: 'sw', tamil: 'ta', telugu: 'te', marathi: 'mr',
  punjabi: 'pa', gujarati: 'gu', kannada: 'kn', malayalam: 'ml', somali: 'so', amharic: 'am', pashto: 'ps',
  kurdish: 'ku', azerbaijani: 'az', kazakh: 'kk', uzbek: 'uz', catalan: 'ca', welsh: 'cy', latvian: 'lv',
  lithuanian: 'lt', estonian: 'et', icelandic: 'is', armenian: 'hy', georgian: 'ka', nepali: 'ne', sinhala: 'si',
};

/** Container formats OpenAI's transcription endpoint accepts; it decides by the file name's extension. */
const FORMATS = ['wav', 'webm', 'mp3', 'ogg', 'm4a', 'mp4', 'flac', 'mpeg', 'mpga'] as const;

const MIME_EXTENSIONS: Readonly<Record<string, string>> = {
  'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav', 'audio/vnd.wave': 'wav', 'audio/webm': 'webm',
  'video/webm': 'webm', 'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/ogg': 'ogg', 'audio/opus': 'ogg',
  'audio/mp4': 'm4a', 'audio/x-m4a': 'm4a', 'audio/m4a': 'm4a', 'video/mp4': 'mp4', 'audio/flac': 'flac', 'audio/x-flac': 'flac',
};

/** Whisper's own rule for a hallucinated segment over silence (openai/whisper `transcribe.py` thresholds). */
const NO_SPEECH_PROB = 0.6;
const LOW_LOGPROB = -1;

/** Speech to text through the `openai` SDK. */
export class OpenAIStt implements SpeechToText {
  readonly name = 'openai' as const;
  private readonly client: OpenAI;
  private readonly model: string;

  /** `client` from createOpenAIClient (one shared by all three providers); `model` e.g. config.openai.sttModel. */
  constructor(client: OpenAI, model: string) {
    this.client = client;
    this.model = model;
  }

  capabilities(): SttCapabilities {
    const others = Object.values(LANGUAGE_CODES).filter((code) => code !== 'en' && code !== 'ar');
    return { available: true, languages: ['en', 'ar', ...others], formats: FORMATS, vocabulary: 'free' };
  }

  async transcribe(audio: AudioInput, options: { language?: Language; signal?: AbortSignal }): Promise<Transcription> {
    const extension = audioExtension(audio);
    if (!extension) {
      throw new ProviderError('unsupported_audio', `This audio format is not supported. Please send ${FORMATS.slice(0, 7).join(', ')} audio.`);
    }
    // OpenAI picks the decoder from the name, so the name must end in the sniffed container's extension.
    const filename = `${basename(audio.filename)}.${extension}`;
    const file = await toFile(audio.data, filename, { type: audio.mimeType || `audio/${extension}` });
    const verbose = !/^gpt-4o/i.test(this.model);
    let result: RawTranscription;
    try {
      result = verbose
        ? await this.client.audio.transcriptions.create(
            { file, model: this.model, response_format: 'verbose_json', ...(options.language ? { language: options.language } : {}) },
            { signal: options.signal },
          )
        : await this.client.audio.transcriptions.create(
            { file, model: this.model, response_format: 'json', include: ['logprobs'], ...(options.language ? { language: options.language } : {}) },
            { signal: options.signal },
          );
    } catch (err) {
      throw toProviderError(err, 'Speech recognition', { audioInput: true });
    }
    return interpret(result, audio, options.language);
  }
}

/** The fields of either response shape this provider reads. */
interface RawTranscription {
  readonly text?: string;
  readonly language?: string;
  readonly duration?: number;
  readonly segments?: readonly TranscriptionSegment[];
  readonly logprobs?: readonly { logprob?: number }[];
  readonly usage?: { type?: string; seconds?: number } | object;
}

/** Turns a transcription response into the product's shape; throws no_speech when nothing was said. */
function interpret(result: RawTranscription, audio: AudioInput, forced: Language | undefined): Transcription {
  if (typeof result !== 'object' || result === null || typeof result.text !== 'string') {
    throw new ProviderError('provider_error', 'Speech recognition answered with something unexpected. Please try again.');
  }
  const segments = (result.segments ?? []).filter((s) => !(s.no_speech_prob > NO_SPEECH_PROB && s.avg_logprob < LOW_LOGPROB));
  const text = result.segments && result.segments.length > 0 ? segments.map((s) => s.text).join('').trim() : result.text.trim();
  if (text === '') throw new ProviderError('no_speech', 'No speech was heard in the recording.');

  return {
    text,
    language: languageOf(result.language, forced, text),
    durationSeconds: durationOf(result, audio),
    confidence: confidenceOf(segments, result.logprobs),
  };
}

/**
 * Confidence in 0..1. With segments: exp of the duration-weighted mean of `avg_logprob` (a segment's average
 * token log-probability), i.e. the geometric-mean token probability with long segments counting more. With
 * token `logprobs` (gpt-4o transcribe): exp of their mean. With neither: UNKNOWN_CONFIDENCE.
 */
export function confidenceOf(segments: readonly Pick<TranscriptionSegment, 'avg_logprob' | 'start' | 'end'>[], logprobs?: readonly { logprob?: number }[]): number {
  if (segments.length > 0) {
    let weighted = 0;
    let total = 0;
    for (const s of segments) {
      // A zero-length segment still holds words; give it a small weight rather than none.
      const weight = Math.max(s.end - s.start, 0.01);
      weighted += s.avg_logprob * weight;
      total += weight;
    }
    return clamp01(Math.exp(weighted / total));
  }
  const values = (logprobs ?? []).map((l) => l.logprob).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length > 0) return clamp01(Math.exp(values.reduce((a, b) => a + b, 0) / values.length));
  return UNKNOWN_CONFIDENCE;
}

/** ISO code from Whisper's name ("english" -> "en"), an ISO code as is, the forced language, or the script. */
export function languageOf(reported: string | undefined, forced: Language | undefined, text: string): string {
  const name = reported?.trim().toLowerCase();
  if (name) return LANGUAGE_CODES[name] ?? name;
  if (forced) return forced;
  // json responses carry no language; the product speaks en and ar, and Arabic script settles which.
  return /[\u0600-\u06FF\u0750-\u077F]/.test(text) ? 'ar' : 'en';
}

function durationOf(result: RawTranscription, audio: AudioInput): number {
  if (typeof result.duration === 'number' && Number.isFinite(result.duration)) return result.duration;
  const usage = result.usage as { type?: string; seconds?: number } | undefined;
  if (usage?.type === 'duration' && typeof usage.seconds === 'number') return usage.seconds;
  return wavDuration(audio.data) ?? 0;
}

/** Duration of a PCM WAV from its header (byte rate and data size); undefined for anything else. */
export function wavDuration(data: Uint8Array): number | undefined {
  if (data.length < 12 || ascii(data, 0, 4) !== 'RIFF' || ascii(data, 8, 4) !== 'WAVE') return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let byteRate = 0;
  for (let offset = 12; offset + 8 <= data.length; ) {
    const id = ascii(data, offset, 4);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ' && offset + 16 <= data.length) byteRate = view.getUint32(offset + 16, true);
    if (id === 'data') {
      // Streaming recorders write 0 or 0xFFFFFFFF as the size; the bytes present are the truth then.
      const bytes = Math.min(size, data.length - offset - 8);
      return byteRate > 0 ? bytes / byteRate : undefined;
    }
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

/** The container's extension from its magic bytes, then the media type, then the name; undefined if none fits. */
export function audioExtension(audio: AudioInput): string | undefined {
  const d = audio.data;
  if (ascii(d, 0, 4) === 'RIFF' && ascii(d, 8, 4) === 'WAVE') return 'wav';
  if (d[0] === 0x1a && d[1] === 0x45 && d[2] === 0xdf && d[3] === 0xa3) return 'webm';
  if (ascii(d, 0, 4) === 'OggS') return 'ogg';
  if (ascii(d, 0, 4) === 'fLaC') return 'flac';
  if (ascii(d, 4, 4) === 'ftyp') return /^(M4A |M4B )/.test(ascii(d, 8, 4)) ? 'm4a' : 'mp4';
  if (ascii(d, 0, 3) === 'ID3' || (d[0] === 0xff && ((d[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  const byMime = MIME_EXTENSIONS[audio.mimeType.split(';')[0]!.trim().toLowerCase()];
  if (byMime) return byMime;
  const byName = /\.([a-z0-9]+)$/i.exec(audio.filename)?.[1]?.toLowerCase();
  return byName && (FORMATS as readonly string[]).includes(byName) ? byName : undefined;
}

function basename(filename: string): string {
  // Only the stem survives: the extension is re-derived, and a client's path or odd characters never reach OpenAI.
  const stem = filename.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').replace(/[^\w-]/g, '_').slice(0, 64);
  return stem || 'audio';
}

function ascii(data: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...data.subarray(offset, offset + length));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
