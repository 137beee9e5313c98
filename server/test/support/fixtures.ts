/** Committed audio fixtures shared with the widget's browser tests (regenerate with scripts/make-fixtures.sh). */
import { fileURLToPath } from 'node:url';

/** 16 kHz mono 16-bit WAV of real (espeak-ng) speech, 0.3 s lead-in and 1.5 s of trailing silence. */
export const SPEECH_FIXTURE = fileURLToPath(new URL('../../../widget/test/fixtures/speech.wav', import.meta.url));
/** What SPEECH_FIXTURE says. */
export const SPEECH_FIXTURE_TEXT = 'i would like to talk to sales about a new plan';
/** 3 s of digital silence, 16 kHz mono 16-bit. */
export const SILENCE_FIXTURE = fileURLToPath(new URL('../../../widget/test/fixtures/silence.wav', import.meta.url));
