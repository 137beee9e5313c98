/** Test helpers around the runner's fake microphone. */
/** Peak of the fake microphone over `ms`, read through an AnalyserNode. */
export async function micPeak(ms: number): Promise<number> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const context = new AudioContext();
  await context.resume();
  const analyser = context.createAnalyser();
  context.createMediaStreamSource(stream).connect(analyser);
  const buffer = new Float32Array(analyser.fftSize);
  let peak = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    analyser.getFloatTimeDomainData(buffer);
    for (const v of buffer) peak = Math.max(peak, Math.abs(v));
    await new Promise((r) => setTimeout(r, 20));
  }
  stream.getTracks().forEach((t) => t.stop());
  await context.close();
  return peak;
}

