/** Timings of one spoken turn as the customer lives them: from the end of their speech to each first sign of the reply. */
import type { TurnEvent, TurnTimings } from '@call-center-widget/protocol';
import type { CcwLatencyDetail } from '../events/latency-event.ts';

/** Marks the first transcript, text and audio of a turn. */
export class TurnLatency {
  private transcript: number | undefined;
  private text: number | undefined;
  private audio: number | undefined;

  /** `speechEndAt`: performance.now() when the speech ended; undefined for a typed turn (nothing is measured). */
  constructor(private readonly speechEndAt: number | undefined) {}

  /** Notes the first event of each kind. */
  mark(event: TurnEvent): void {
    if (this.speechEndAt === undefined) return;
    const since = Math.round(performance.now() - this.speechEndAt);
    if (event.type === 'transcript') this.transcript ??= since;
    else if (event.type === 'delta') this.text ??= since;
    else if (event.type === 'audio') this.audio ??= since;
  }

  /** What `ccw-latency` reports, with the server's own timings. */
  report(server: TurnTimings): CcwLatencyDetail {
    const timings: Record<string, number> = {};
    for (const [name, ms] of Object.entries(server)) if (typeof ms === 'number') timings[name] = ms;
    return {
      speech_end_to_transcript_ms: this.transcript,
      speech_end_to_first_text_ms: this.text,
      speech_end_to_first_audio_ms: this.audio,
      server: timings,
    };
  }
}
