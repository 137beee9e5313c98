// A provider simulator on loopback: an OpenAI-wire-compatible HTTP server (the three endpoints the openai
// provider calls) that answers with fixed, configurable latencies, so a voice turn's timing is known exactly:
//   POST /v1/audio/transcriptions  answers `transcriptionMs` after the upload has arrived (verbose_json or json)
//   POST /v1/chat/completions      streams: the first token `chatFirstTokenMs` after the request, then one token
//                                  every 1000 / `tokensPerSecond` ms, then finish_reason "stop" and [DONE]
//   POST /v1/audio/speech          answers `ttsFirstByteMs` after the request (one synthesis request is one
//                                  sentence in the pipelined flow) with a small valid MP3 (silent MPEG frames, or
//                                  with `speechAudio: 'tone'` a tone, for a listener that must hear the reply),
//                                  or, asked for `response_format: "pcm"` (the AI agent), the same as raw PCM
import { createServer } from 'node:http';

/** The defaults the benchmark uses. */
export const DEFAULT_SIM = {
  transcriptionMs: 300,
  chatFirstTokenMs: 350,
  tokensPerSecond: 40,
  ttsFirstByteMs: 150,
  transcript: "Hi, I'd like to know how much the Pro plan costs.",
  reply:
    'The Pro plan costs 29 dollars a month and includes priority support. ' +
    'You can upgrade at any time from the billing page of your account. ' +
    'Would you like me to send you the full details by email?',
};

/** Splits text into tokens shaped like a BPE model's: a word with its leading space, or punctuation. */
export function tokenize(text) {
  return text.match(/\s?[\p{L}\p{N}']+|\s?[^\p{L}\p{N}\s']+/gu) ?? [];
}

/**
 * The simulator's own share of a pipelined voice turn, in ms: transcription, the first chat token, the tokens
 * up to and including the one that ends the first sentence, and the synthesis of that sentence.
 */
export function criticalPath(sim = DEFAULT_SIM) {
  const tokens = tokenize(sim.reply);
  const firstSentenceEnd = tokens.findIndex((t) => /[.!?]$/.test(t));
  const tokenMs = 1000 / sim.tokensPerSecond;
  const firstSentenceMs = firstSentenceEnd * tokenMs;
  return {
    transcriptionMs: sim.transcriptionMs,
    chatFirstTokenMs: sim.chatFirstTokenMs,
    firstSentenceMs,
    firstSentenceTokens: firstSentenceEnd + 1,
    ttsFirstByteMs: sim.ttsFirstByteMs,
    tokenMs,
    totalMs: sim.transcriptionMs + sim.chatFirstTokenMs + firstSentenceMs + sim.ttsFirstByteMs,
    // The seed's sequential flow waits for the whole reply before synthesis starts.
    sequentialMs: sim.transcriptionMs + sim.chatFirstTokenMs + (tokens.length - 1) * tokenMs + sim.ttsFirstByteMs,
    replyTokens: tokens.length,
  };
}

/**
 * A short silent MP3: `frames` MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono; header FF FB 90 C4) of
 * 417 bytes each, with all-zero side info (no Huffman data: silence by the format's definition).
 */
export function silentMp3(frames = 8) {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0xc4]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/**
 * Like `silentMp3`, but every granule carries a steady tone (about -24 dBFS decoded): four spectral lines near
 * 400 Hz coded in the count1 region with Huffman table B (4-bit codewords, one sign bit per non-zero line),
 * scale factors of zero length. Enough for an MP3 decoder to produce sound a listener can detect.
 */
export function toneMp3(frames = 8, globalGain = 192) {
  const lines = [8, 9, 10, 11];
  const spectrum = new BitWriter(8);
  for (let quad = 0; quad <= Math.max(...lines) >> 2; quad++) {
    const set = [0, 1, 2, 3].filter((k) => lines.includes(quad * 4 + k));
    // The codeword, then a sign bit (0: positive) for each line set.
    spectrum.put(15 - set.reduce((v, k) => v | (8 >> k), 0), 4).put(0, set.length);
  }
  const bits = spectrum.length;
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0xc4]);
  // Side information, mono: main_data_begin, private bits, scfsi, then per granule part2_3_length, big_values,
  // global_gain, scalefac_compress, window switching, table_select ×3, region counts, preflag, scalefac_scale, count1table_select.
  const side = new BitWriter(17);
  side.put(0, 9).put(0, 5).put(0, 4);
  for (let g = 0; g < 2; g++) side.put(bits, 12).put(0, 9).put(globalGain, 8).put(0, 4).put(0, 1).put(0, 15).put(0, 4).put(0, 3).put(0, 1).put(0, 1).put(1, 1);
  side.bytes.copy(frame, 4);
  const main = new BitWriter(396);
  for (let g = 0; g < 2; g++) for (let i = 0; i < bits; i++) main.put((spectrum.bytes[i >> 3] >> (7 - (i & 7))) & 1, 1);
  main.bytes.copy(frame, 21);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** What `toneMp3` decodes to, as OpenAI's `pcm`: 0.2 s of 400 Hz at `amplitude`, 16-bit little-endian at 24 kHz. */
export function tonePcm(amplitude, seconds = 0.2) {
  const rate = 24_000;
  const out = Buffer.alloc(Math.round(rate * seconds) * 2);
  for (let i = 0; i < out.length / 2; i++) out.writeInt16LE(Math.round(32767 * amplitude * Math.sin((2 * Math.PI * 400 * i) / rate)), 2 * i);
  return out;
}

/** Writes bits most significant first. */
class BitWriter {
  constructor(size) {
    this.bytes = Buffer.alloc(size);
    this.length = 0;
  }

  put(value, count) {
    for (let i = count - 1; i >= 0; i--) {
      if ((value >> i) & 1) this.bytes[this.length >> 3] |= 0x80 >> (this.length & 7);
      this.length++;
    }
    return this;
  }
}

/** Starts the simulator on 127.0.0.1 and a free port; `counts` tells how many calls each endpoint served. */
export async function startProviderSim(options = {}) {
  const sim = { ...DEFAULT_SIM, ...options };
  const mp3 = sim.speechAudio === 'tone' ? toneMp3() : silentMp3();
  const pcm = tonePcm(sim.speechAudio === 'tone' ? 10 ** (-24 / 20) : 0);
  const counts = { transcriptions: 0, chat: 0, speech: 0 };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function handle(req, res) {
    const received = performance.now();
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    const sinceReceived = (ms) => sleep(Math.max(0, received + ms - performance.now()));

    if (req.method === 'POST' && path === '/v1/audio/transcriptions') {
      counts.transcriptions++;
      const verbose = /name="response_format"\r\n\r\nverbose_json/.test(body.toString('latin1'));
      const answer = verbose
        ? { task: 'transcribe', language: 'english', duration: 2.4, text: sim.transcript,
            segments: [{ id: 0, seek: 0, start: 0, end: 2.4, text: sim.transcript, tokens: [], temperature: 0, avg_logprob: -0.1, compression_ratio: 1, no_speech_prob: 0.01 }] }
        : { text: sim.transcript, usage: { type: 'duration', seconds: 2.4 } };
      await sinceReceived(sim.transcriptionMs);
      return sendJson(res, answer);
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      counts.chat++;
      const { model = 'sim', stream = false } = JSON.parse(body.toString('utf8') || '{}');
      const tokens = tokenize(sim.reply);
      const tokenMs = 1000 / sim.tokensPerSecond;
      if (!stream) {
        await sinceReceived(sim.chatFirstTokenMs + (tokens.length - 1) * tokenMs);
        return sendJson(res, { id: 'chatcmpl-sim', object: 'chat.completion', created: now(), model,
          choices: [{ index: 0, message: { role: 'assistant', content: sim.reply }, finish_reason: 'stop' }] });
      }
      const chunk = (delta, finish = null) =>
        `data: ${JSON.stringify({ id: 'chatcmpl-sim', object: 'chat.completion.chunk', created: now(), model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      await sinceReceived(sim.chatFirstTokenMs);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(chunk({ role: 'assistant', content: '' }));
      for (const [i, token] of tokens.entries()) {
        // Scheduled from the request's arrival, so timer drift does not accumulate over the reply.
        await sinceReceived(sim.chatFirstTokenMs + i * tokenMs);
        if (res.destroyed) return;
        res.write(chunk({ content: token }));
      }
      res.write(chunk({}, 'stop'));
      return void res.end('data: [DONE]\n\n');
    }
    if (req.method === 'POST' && path === '/v1/audio/speech') {
      counts.speech++;
      // OpenAI's `pcm` (raw 16-bit mono at 24 kHz) for a caller that asks for it, MP3 otherwise.
      const { response_format: format = 'mp3' } = JSON.parse(body.toString('utf8') || '{}');
      const audio = format === 'pcm' ? pcm : mp3;
      await sinceReceived(sim.ttsFirstByteMs);
      res.writeHead(200, { 'content-type': format === 'pcm' ? 'audio/pcm' : 'audio/mpeg', 'content-length': audio.length });
      return void res.end(audio);
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `simulator: no route ${req.method} ${path}`, type: 'invalid_request_error', param: null, code: null } }));
  }

  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    sim,
    counts,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function sendJson(res, value) {
  const json = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

const now = () => Math.floor(Date.now() / 1000);

// `node bench/provider-sim.mjs` runs it alone, e.g. to point a manual `npm start` at it.
if (import.meta.url === `file://${process.argv[1]}`) {
  const sim = await startProviderSim();
  console.log(`provider simulator on ${sim.url}/v1 (critical path ${criticalPath().totalMs} ms)`);
}
