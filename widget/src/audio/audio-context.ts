/**
 * The widget's one AudioContext. Browsers cap how many contexts a page may hold and Safari/iOS only let a
 * context make sound after it was resumed inside a user gesture, so every audio controller shares this one.
 */

let shared: AudioContext | undefined;

/** One AudioContext for the widget, created on first use. */
export function getAudioContext(): AudioContext {
  // The sample rate is left to the browser: forcing one makes Chromium resample the mic and Firefox refuses to
  // connect a MediaStream whose rate differs from the context's.
  if (!shared || shared.state === 'closed') shared = new AudioContext({ latencyHint: 'interactive' });
  return shared;
}

/** Resumes the context and plays one silent buffer; call synchronously inside the user's click (iOS/Safari unlock). */
export function unlockAudio(): Promise<void> {
  const context = getAudioContext();
  // Both calls must happen before the gesture's task ends, so nothing here is awaited first.
  const resumed = context.state === 'running' ? Promise.resolve() : context.resume();
  const source = context.createBufferSource();
  source.buffer = context.createBuffer(1, 1, context.sampleRate);
  source.connect(context.destination);
  source.onended = () => source.disconnect();
  source.start(0);
  // A context the browser keeps locked is not an error the customer can act on; playback resumes it again later.
  return resumed.catch(() => undefined);
}
