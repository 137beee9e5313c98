/**
 * Our speech-to-text provider (local pocketsphinx or OpenAI) as the Agents framework's non-streaming STT. The
 * session wraps it in the framework's StreamAdapter with the Silero VAD, which hands over each utterance once
 * the customer stops speaking. Speech the recognizer refuses produces no transcript at all (never a guess): the
 * call is told, and says so aloud.
 */
import { stt, type AudioBuffer } from '@livekit/agents';
import { ProviderError, type Language, type SpeechToText, type Transcription } from '../providers/types.ts';
import { framesToWav } from './audio-frames.ts';

/**
 * Sounds shorter than this are not a turn while the agent talks (a cough, "mm-hm", "right"), and not worth a
 * "please say that again" when the recognizer cannot read them: they pass, and the agent keeps talking.
 */
export const SHORTEST_TURN_SECONDS = 0.7;

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
    /** The agent is speaking now: a short sound over it is a backchannel, not a turn. */
    private readonly agentSpeaking: () => boolean = () => false,
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
    const seconds = voicedSecondsOf(buffer);
    // Not even sent to the recognizer: the offline one reads words into any voice (a cough became "thank you").
    if (seconds < SHORTEST_TURN_SECONDS && this.agentSpeaking()) return nothing();
    const audio = { data: framesToWav(buffer), mimeType: 'audio/wav', filename: 'utterance.wav' };
    let heard: Transcription;
    try {
      heard = await this.engine.transcribe(audio, { language: this.language(), signal: abortSignal });
    } catch (err) {
      if (err instanceof ProviderError && err.code === 'not_understood') {
        if (seconds >= SHORTEST_TURN_SECONDS) this.listener.refused();
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

/**
 * How long an utterance is heard, in 20 ms windows louder than -45 dBFS: the VAD hands over its speech with half
 * a second of what came before, which must not make a cough long.
 */
function voicedSecondsOf(buffer: AudioBuffer): number {
  const frames = Array.isArray(buffer) ? buffer : [buffer];
  const loud = (32768 * 10 ** (-45 / 20)) ** 2;
  let seconds = 0;
  for (const frame of frames) {
    const window = Math.max(1, Math.round(frame.sampleRate * 0.02) * frame.channels);
    for (let start = 0; start < frame.data.length; start += window) {
      const end = Math.min(frame.data.length, start + window);
      let sum = 0;
      for (let i = start; i < end; i++) sum += frame.data[i]! * frame.data[i]!;
      if (sum / (end - start) > loud) seconds += (end - start) / frame.channels / frame.sampleRate;
    }
  }
  return seconds;
}

/** An empty final transcript: the StreamAdapter drops it, so no turn begins. */
function nothing(): stt.SpeechEvent {
  return {
    type: stt.SpeechEventType.FINAL_TRANSCRIPT,
    alternatives: [{ text: '', language: 'en' as stt.SpeechData['language'], startTime: 0, endTime: 0, confidence: 0 }],
  };
}
