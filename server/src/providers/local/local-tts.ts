/**
 * The offline text-to-speech provider: Flite (BSD-style licence, compiled to WASI, run by node:wasi in a
 * helper Node process) for English, Debian's espeak-ng as a separate program for Arabic (and for English
 * when Flite cannot load or fails). It reports honestly what this machine can speak, so `/api/config` never
 * offers a voice that would fail.
 */
import { ProviderError, type Language, type SynthesisOptions, type SynthesizedAudio, type TextToSpeech, type TtsCapabilities } from '../types.ts';
import { EspeakTts, type EspeakProbe } from './espeak-tts.ts';
import { FliteTts, type FliteTtsOptions } from './flite-tts.ts';

/** Options for `LocalTts`. */
export interface LocalTtsOptions {
  /** espeak-ng program (`config.local.espeakPath`). */
  readonly espeakPath: string;
  readonly flite?: FliteTtsOptions;
}

/** Our voice names: Flite's English voices, and espeak-ng's Arabic and (fallback) American English. */
interface VoiceInfo {
  readonly engine: 'flite' | 'espeak';
  readonly language: Language;
  /** The engine's own voice name. */
  readonly engineVoice: string;
}

const FLITE_DEFAULT = 'slt'; // US English, female, the clearest of Flite's built-in voices

/**
 * OpenAI's voice names, which the seed's examples send (`"voice": "nova"`), mapped to the nearest offline voice
 * by character: the female-sounding ones to Flite's slt, the male-sounding ones to its male voices. A name whose
 * voice is not installed falls back to the language's default; the answer always names the voice that spoke.
 */
const OPENAI_NAMES: Readonly<Record<string, readonly string[]>> = {
  nova: ['slt'],
  shimmer: ['slt'],
  alloy: ['slt', 'rms'],
  echo: ['rms', 'awb', 'kal'],
  onyx: ['kal', 'rms', 'awb'],
  fable: ['awb', 'rms', 'kal'],
};
const ESPEAK_VOICE_INFO: Readonly<Record<string, VoiceInfo>> = {
  ar: { engine: 'espeak', language: 'ar', engineVoice: 'ar' },
  'en-us': { engine: 'espeak', language: 'en', engineVoice: 'en-us' },
};

/** `TextToSpeech` over Flite and espeak-ng. Call `init()` once before `capabilities()` means anything. */
export class LocalTts implements TextToSpeech {
  readonly name = 'local' as const;
  private readonly flite: FliteTts;
  private readonly espeak: EspeakTts;
  private initializing: Promise<void> | undefined;
  private voices: Map<string, VoiceInfo> | undefined;
  private aliases: Record<string, string> = {};
  private defaults: Record<string, string> = {};
  private notes: string[] = [];
  /** espeak-ng can speak English: the fallback when Flite fails. */
  private espeakEnglish = false;

  constructor(options: LocalTtsOptions) {
    this.flite = new FliteTts(options.flite);
    this.espeak = new EspeakTts({ binaryPath: options.espeakPath });
  }

  /** Loads Flite and probes espeak-ng (in parallel, once); afterwards `capabilities()` is exact. Never rejects. */
  init(): Promise<void> {
    this.initializing ??= Promise.all([
      this.flite.load().then(
        (voices) => ({ voices, error: undefined }),
        (error: unknown) => ({ voices: [] as readonly string[], error }),
      ),
      this.espeak.probe(),
    ]).then(([flite, espeak]) => this.settle(flite.voices, flite.error, espeak));
    return this.initializing;
  }

  capabilities(): TtsCapabilities {
    if (!this.voices) {
      return { available: false, languages: [], voices: [], defaultVoice: {}, format: 'wav', note: 'The offline voices have not been checked yet.' };
    }
    const languages = [...new Set([...this.voices.values()].map((voice) => voice.language))];
    return {
      available: this.voices.size > 0,
      languages,
      voices: [...this.voices.keys()],
      defaultVoice: { ...this.defaults },
      format: 'wav',
      aliases: { ...this.aliases },
      ...(this.notes.length > 0 ? { note: this.notes.join(' ') } : {}),
    };
  }

  async synthesize(text: string, options: SynthesisOptions): Promise<SynthesizedAudio> {
    await this.init();
    const voice = this.pickVoice(options.voice, options.language);
    const info = this.voices!.get(voice)!;
    if (info.engine === 'espeak') {
      return { data: await this.espeak.synthesize(text, info.engineVoice, { signal: options.signal }), format: 'wav', voice };
    }
    try {
      return { data: await this.flite.synthesize(text, info.engineVoice, options.signal), format: 'wav', voice };
    } catch (error) {
      // Flite failing on one text (not the caller giving up, not bad text) should not silence the call
      // when espeak-ng can say it instead.
      const fallback = error instanceof ProviderError && error.code === 'provider_error' && this.espeakEnglish;
      if (!fallback) throw error;
      return { data: await this.espeak.synthesize(text, 'en-us', { signal: options.signal }), format: 'wav', voice: 'en-us' };
    }
  }

  /** Stops Flite's helper process. */
  close(): Promise<void> {
    return this.flite.close();
  }

  private settle(fliteVoices: readonly string[], fliteError: unknown, espeak: EspeakProbe): void {
    const voices = new Map<string, VoiceInfo>();
    for (const name of fliteVoices) voices.set(name, { engine: 'flite', language: 'en', engineVoice: name });
    if (fliteVoices.length > 0) this.defaults.en = fliteVoices.includes(FLITE_DEFAULT) ? FLITE_DEFAULT : fliteVoices[0]!;
    else this.notes.push(`The built-in English voice (Flite) could not load: ${fliteError instanceof Error ? fliteError.message : String(fliteError)}.`);

    this.espeakEnglish = espeak.available && espeak.voices['en-us'] === true;
    if (espeak.available && espeak.voices.ar) {
      voices.set('ar', ESPEAK_VOICE_INFO.ar!);
      this.defaults.ar = 'ar';
    } else {
      this.notes.push(`Arabic speech is off: ${espeak.available ? 'espeak-ng has no Arabic voice (apt-get install espeak-ng-data).' : espeak.note}`);
    }
    // espeak-ng's English is offered only in place of Flite, so the voice list stays short when both work.
    if (fliteVoices.length === 0 && this.espeakEnglish) {
      voices.set('en-us', ESPEAK_VOICE_INFO['en-us']!);
      this.defaults.en = 'en-us';
    }
    this.voices = voices;
    // OpenAI's names speak English through the closest installed voice, or the English default.
    const english = this.defaults.en;
    if (english !== undefined) {
      for (const [name, candidates] of Object.entries(OPENAI_NAMES)) this.aliases[name] = candidates.find((v) => voices.has(v)) ?? english;
    }
  }

  /** The requested voice (or the voice an alias names) if it exists and speaks `language`, else that language's default. */
  private pickVoice(asked: string | undefined, language: Language): string {
    const requested = asked === undefined ? undefined : (this.aliases[asked] ?? asked);
    const info = requested === undefined ? undefined : this.voices!.get(requested);
    if (requested !== undefined && info?.language === language) return requested;
    const fallback = this.defaults[language];
    if (fallback === undefined) {
      // A language is only ever missing because its engine is: espeak-ng for Arabic, both for English.
      const name = language === 'ar' ? 'Arabic' : 'English';
      throw new ProviderError('provider_unavailable', `Offline speech in ${name} is not available on this server (${this.notes.join(' ') || 'no voice installed'}).`);
    }
    return fallback;
  }
}
