/**
 * What OpenAI's answers look like on the wire, built from what a test scripted: transcription bodies in each
 * `response_format`, chat completions whole and as SSE chunks, the 401 body, and a real (silent) MP3.
 */

/** A scripted transcription. Segments default to one covering the whole text, with avg_logprob -0.1. */
export interface TranscriptionReply {
  readonly text: string;
  /** Whisper reports a language NAME ("english", "arabic"). */
  readonly language?: string;
  readonly duration?: number;
  readonly segments?: readonly { text: string; start: number; end: number; avg_logprob: number; no_speech_prob?: number }[];
  /** Token logprobs, returned in `json` responses when the request has `include[]=logprobs`. */
  readonly logprobs?: readonly number[];
}

/** A scripted chat completion: text deltas first (one SSE chunk each), then tool calls. */
export interface ChatReply {
  readonly content?: readonly string[];
  /** `arguments` as a string is sent verbatim (so a test can send broken JSON), an object is JSON-encoded. */
  readonly toolCalls?: readonly { name: string; arguments: string | object; id?: string }[];
  /** Tool-call arguments are streamed in fragments of this many characters (default 5). */
  readonly fragmentSize?: number;
  /** Pause between SSE chunks, to leave a test time to act mid-stream. */
  readonly chunkDelayMs?: number;
}

/** A scripted speech answer; the default is `silentMp3()`. */
export interface SpeechReply {
  readonly bytes?: Uint8Array;
  readonly contentType?: string;
}

/**
 * A short silent MP3: `frames` MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, mono, no CRC; header
 * FF FB 90 C4), each 144 * 128000 / 44100 = 417 bytes. All-zero side info means no Huffman data, which the
 * format defines as silence; 8 frames last about 0.21 s. (Built by the spec's rules; no MP3 decoder is
 * installed here to play it back, and the providers only check the frame sync.)
 */
export function silentMp3(frames = 8): Uint8Array {
  const frame = new Uint8Array(417);
  frame.set([0xff, 0xfb, 0x90, 0xc4]);
  const out = new Uint8Array(frame.length * frames);
  for (let i = 0; i < frames; i++) out.set(frame, i * frame.length);
  return out;
}

/** The body of a transcription answer in the requested `response_format`. */
export function transcriptionBody(reply: TranscriptionReply, format: string, withLogprobs: boolean): string | object {
  const duration = reply.duration ?? 2;
  if (format === 'text') return reply.text;
  if (format !== 'verbose_json') {
    const logprobs = withLogprobs && reply.logprobs ? reply.logprobs.map((logprob, i) => ({ token: `t${i}`, bytes: [], logprob })) : undefined;
    return { text: reply.text, ...(logprobs ? { logprobs } : {}), usage: { type: 'duration', seconds: duration } };
  }
  const segments = reply.segments ?? [{ text: reply.text, start: 0, end: duration, avg_logprob: -0.1 }];
  return {
    task: 'transcribe',
    language: reply.language ?? 'english',
    duration,
    text: reply.text,
    segments: segments.map((s, id) => ({
      id, seek: 0, start: s.start, end: s.end, text: s.text, tokens: [], temperature: 0,
      avg_logprob: s.avg_logprob, compression_ratio: 1.2, no_speech_prob: s.no_speech_prob ?? 0.01,
    })),
    usage: { type: 'duration', seconds: Math.ceil(duration) },
  };
}

/** A non-streamed chat completion. */
export function completionBody(reply: ChatReply, model: string): object {
  const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `call_${i}`, type: 'function', function: { name: call.name, arguments: argumentsText(call.arguments) },
  }));
  return {
    id: 'chatcmpl-fake', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model,
    choices: [{
      index: 0, finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      message: { role: 'assistant', content: (reply.content ?? []).join('') || null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
    }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

/** The SSE events of a streamed completion, as OpenAI sends them: role chunk, text, tool-call fragments, finish. */
export function chatChunks(reply: ChatReply, model: string): object[] {
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  const chunk = (delta: object, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  const chunks = [chunk({ role: 'assistant', content: '' })];
  for (const text of reply.content ?? []) chunks.push(chunk({ content: text }));
  const size = reply.fragmentSize ?? 5;
  (reply.toolCalls ?? []).forEach((call, index) => {
    chunks.push(chunk({ tool_calls: [{ index, id: call.id ?? `call_${index}`, type: 'function', function: { name: call.name, arguments: '' } }] }));
    const args = argumentsText(call.arguments);
    for (let at = 0; at < args.length; at += size) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: args.slice(at, at + size) } }] }));
  });
  chunks.push(chunk({}, reply.toolCalls?.length ? 'tool_calls' : 'stop'));
  return chunks;
}

/** OpenAI's real 401 echoes the presented key (partly masked); this echoes it whole, to prove nothing leaks it. */
export function invalidKey(authorization: string | undefined): object {
  const key = authorization?.replace(/^Bearer /, '') ?? '';
  return { message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', code: 'invalid_api_key' };
}

function argumentsText(args: string | object): string {
  return typeof args === 'string' ? args : JSON.stringify(args);
}
