/**
 * Our speech-to-text provider (local pocketsphinx or OpenAI) as the Agents framework's non-streaming STT. The
 * session wraps it in the framework's StreamAdapter with the Silero VAD, which hands over each utterance once
 * the customer stops speaking. Speech the recognizer refuses produces no transcript at all (never a guess): the
 * call is told, and says so aloud.
 */
import { stt, type AudioBuffer } from '@livekit/agents';
import { ProviderError, type Language, type SpeechToText, type Transcription } from '../providers/types.ts';
import { framesToWav } from './audio-frames.ts';

/** Who hears about each utterance. */
export interface SttListener {
  /** The recognizer understood it; the transcript goes on to the framework. */
  heard(transcription: Transcription): void;
  /** It heard speech but would not guess what was said (`not_understood`). */
  refused(): void;
  /** The recognizer failed (the provider is down, not the customer unclear). */
  failed(err: ProviderError | Error): void;
}

/** SpeechToText as `stt.STT` (`streaming: false`: one utterance at a time). */
export class ProviderStt extends stt.STT {
  label = 'ccw.ProviderStt';

  constructor(
    private readonly engine: SpeechToText,
    private readonly listener: SttListener,
    private readonly language: () => Language | undefined = () => undefined,
  ) {
    super({ streaming: false, interimResults: false });
  }

  override get model(): string {
    return this.engine.name;
  }

  override get provider(): string {
    return 'call-center-widget';
  }

  protected async _recognize(buffer: AudioBuffer, abortSignal?: AbortSignal): Promise<stt.SpeechEvent> {
    const audio = { data: framesToWav(buffer), mimeType: 'audio/wav', filename: 'utterance.wav' };
    let heard: Transcription;
    try {
      heard = await this.engine.transcribe(audio, { language: this.language(), signal: abortSignal });
    } catch (err) {
      if (err instanceof ProviderError && err.code === 'not_understood') {
        this.listener.refused();
        return nothing();
      }
      // Noise the VAD took for speech: nothing was said, nothing to answer.
      if (err instanceof ProviderError && err.code === 'no_speech') return nothing();
      if (!abortSignal?.aborted) this.listener.failed(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
    const text = heard.text.trim();
    if (text === '') return nothing();
    this.listener.heard(heard);
    return {
      type: stt.SpeechEventType.FINAL_TRANSCRIPT,
      alternatives: [
        { text, language: heard.language as stt.SpeechData['language'], startTime: 0, endTime: heard.durationSeconds, confidence: heard.confidence },
      ],
    };
  }

  stream(): never {
    throw new Error('ProviderStt recognizes whole utterances: wrap it in stt.StreamAdapter with a VAD');
  }
}

/** An empty final transcript: the StreamAdapter drops it, so no turn begins. */
function nothing(): stt.SpeechEvent {
  return {
    type: stt.SpeechEventType.FINAL_TRANSCRIPT,
    alternatives: [{ text: '', language: 'en' as stt.SpeechData['language'], startTime: 0, endTime: 0, confidence: 0 }],
  };
}
