// Voice-turn latency: the real server (all three providers `openai`) against the provider simulator on
// loopback, driven by a client that behaves like the widget. Each run measures end of speech (the moment the
// request starts) to the first byte of reply audio:
//   (a) POST /api/voice-turn: multipart WAV in, SSE out, until the first `audio` event;
//   (b) the seed's sequential flow: POST /api/transcribe, then a non-streamed POST /api/conversation, then
//       POST /api/synthesize of the whole reply, until the first byte of its response.
// Runs alternate (a), (b), (a), ... so drift on a shared machine hits both alike.
import { criticalPath, startProviderSim } from './provider-sim.mjs';
import { startServer, UNLIMITED } from './spawn.mjs';
import { median, round } from './stats.mjs';

export const ORIGIN = 'https://shop.example';

/** A 16 kHz mono 16-bit WAV of `seconds` of a quiet tone, like the widget's captured utterance. */
/** A 16-bit mono WAV file of `samples` at `rate`. */
export function pcmWav(samples, rate) {
  const wav = Buffer.alloc(44 + samples.length * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples.length * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples.length * 2, 40);
  Buffer.from(samples.buffer, samples.byteOffset, samples.length * 2).copy(wav, 44);
  return wav;
}

export function speechWav(seconds = 1.5) {
  const rate = 16000;
  const samples = new Int16Array(Math.round(seconds * rate));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(3000 * Math.sin((2 * Math.PI * 220 * i) / rate));
  return pcmWav(samples, rate);
}

/** Reads server-sent events from a fetch body, yielding `{ event, data }`. */
export async function* sse(body) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      yield { event, data: data.join('\n') };
    }
  }
}

/** (a) One voice turn; times in ms from the request start. The stream is read to its end, as the widget does. */
export async function voiceTurn(url, wav) {
  const form = new FormData();
  form.append('audio', new Blob([wav], { type: 'audio/wav' }), 'speech.wav');
  form.append('persona', 'reception');
  const t0 = performance.now();
  const response = await fetch(`${url}/api/voice-turn`, { method: 'POST', body: form, headers: { Accept: 'text/event-stream', Origin: ORIGIN } });
  if (!response.ok) throw new Error(`voice-turn: HTTP ${response.status} ${await response.text()}`);
  const at = {};
  let server;
  for await (const { event, data } of sse(response.body)) {
    const t = performance.now() - t0;
    if (event === 'transcript') at.transcript ??= t;
    if (event === 'delta') at.firstDelta ??= t;
    if (event === 'audio') at.firstAudio ??= t;
    if (event === 'error') throw new Error(`voice-turn: ${data}`);
    if (event === 'done') {
      at.done = t;
      server = JSON.parse(data).timings_ms;
    }
  }
  if (at.firstAudio === undefined) throw new Error('voice-turn: no audio event');
  return { ...roundAll(at), server };
}

/** (b) The seed's three requests in a row; the reply audio starts with the first byte of /api/synthesize. */
async function sequentialTurn(url, wav) {
  const json = { Accept: 'application/json', 'Content-Type': 'application/json', Origin: ORIGIN };
  const form = new FormData();
  form.append('audio_file', new Blob([wav], { type: 'audio/wav' }), 'speech.wav');
  const t0 = performance.now();
  const heard = await ok(await fetch(`${url}/api/transcribe`, { method: 'POST', body: form, headers: { Accept: 'application/json', Origin: ORIGIN } })).json();
  const transcript = performance.now() - t0;
  const reply = await ok(await fetch(`${url}/api/conversation`, { method: 'POST', headers: json, body: JSON.stringify({ message: heard.text, persona: 'reception' }) })).json();
  const conversation = performance.now() - t0;
  const speech = ok(await fetch(`${url}/api/synthesize`, { method: 'POST', headers: json, body: JSON.stringify({ text: reply.response }) }));
  const reader = speech.body.getReader();
  const first = await reader.read();
  const firstAudio = performance.now() - t0;
  if (first.done) throw new Error('synthesize: empty body');
  while (!(await reader.read()).done);
  return roundAll({ transcript, conversation, firstAudio });
}

function ok(response) {
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
  return response;
}

function roundAll(obj) {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, round(v, 1)]));
}

/** Runs the latency benchmark; `runs` measured turns of each flow after one warm-up turn of each. */
export async function benchLatency({ runs = 9, sim: simOptions = {} } = {}) {
  const sim = await startProviderSim(simOptions);
  const server = await startServer({
    OPENAI_API_KEY: 'x',
    OPENAI_BASE_URL: `${sim.url}/v1`,
    STT_PROVIDER: 'openai',
    TTS_PROVIDER: 'openai',
    CHAT_PROVIDER: 'openai',
    ALLOWED_ORIGINS: ORIGIN,
    ...UNLIMITED,
  });
  const wav = speechWav();
  const voice = [];
  const sequential = [];
  try {
    await voiceTurn(server.url, wav);
    await sequentialTurn(server.url, wav);
    for (let i = 0; i < runs; i++) {
      voice.push(await voiceTurn(server.url, wav));
      sequential.push(await sequentialTurn(server.url, wav));
    }
  } finally {
    await server.close();
    await sim.close();
  }
  const critical = criticalPath(sim.sim);
  const a = median(voice.map((r) => r.firstAudio));
  const b = median(sequential.map((r) => r.firstAudio));
  return {
    simulator: sim.sim,
    criticalPath: critical,
    runs,
    voiceTurnMs: a,
    sequentialMs: b,
    overheadMs: round(a - critical.totalMs, 1),
    sequentialOverheadMs: round(b - critical.sequentialMs, 1),
    speedup: round(b / a, 2),
    // The best ratio any server could reach with these simulator latencies (zero overhead in both flows).
    speedupCeiling: round(critical.sequentialMs / critical.totalMs, 2),
    medians: {
      voiceTranscriptMs: median(voice.map((r) => r.transcript)),
      voiceFirstDeltaMs: median(voice.map((r) => r.firstDelta)),
      voiceDoneMs: median(voice.map((r) => r.done)),
      sequentialTranscriptMs: median(sequential.map((r) => r.transcript)),
      sequentialConversationMs: median(sequential.map((r) => r.conversation)),
    },
    samples: { voiceTurn: voice, sequential },
    simulatorCalls: sim.counts,
  };
}
