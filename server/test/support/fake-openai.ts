/**
 * An OpenAI-wire-compatible test server on 127.0.0.1: `/v1/audio/transcriptions`, `/v1/audio/speech` and
 * `/v1/chat/completions` (streamed and not), answering what the test scripted, failing on purpose when told
 * to (status codes, slowness, cut or stalled streams), and recording every request it received.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { chatChunks, completionBody, invalidKey, silentMp3, transcriptionBody, type ChatReply, type SpeechReply, type TranscriptionReply } from './fake-openai-bodies.ts';

export { silentMp3, type ChatReply, type SpeechReply, type TranscriptionReply };

/**
 * A failure for the next matching request. `status` answers with an OpenAI-style error body; `slow` holds
 * the whole response for `delayMs`; `cut` sends the first `afterChunks` SSE events (the first is the role
 * chunk, without text) then destroys the socket (non-streamed answers: headers and half the body); `stall`
 * does the same but leaves the connection open and silent.
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly retryAfterMs?: number; readonly message?: string }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'cut'; readonly afterChunks: number }
  | { readonly kind: 'stall'; readonly afterChunks: number };

/** The endpoints, as paths. */
export type FakePath = '/v1/audio/transcriptions' | '/v1/audio/speech' | '/v1/chat/completions';

/** One request as received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-case names, including `authorization`, so a test can check the key the SDK sent. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, for JSON requests (`any`: tests read into it freely, e.g. `json.messages[0].content`). */
  readonly json?: any;
  /** Multipart text fields; a repeated name (`include[]`) has its values joined with ','. */
  readonly fields?: Readonly<Record<string, string>>;
  readonly files?: readonly { field: string; name: string; type: string; size: number }[];
  /** The fault this request met, if any. */
  fault?: Fault['kind'];
  /** True when the client closed the connection before the answer was complete. */
  closedEarly: boolean;
}

/** How a test drives the server: queue replies and faults, each consumed by the next matching request. */
export interface FakeScript {
  transcription(reply: TranscriptionReply): void;
  speech(reply?: SpeechReply): void;
  chat(reply: ChatReply): void;
  /** Queues `times` copies of a fault (default 1) for requests to `path` (default: any path). */
  fault(fault: Fault, options?: { times?: number; path?: FakePath }): void;
}

/** The running server. Point the SDK at `${url}/v1`. */
export interface FakeOpenAI {
  readonly url: string;
  readonly script: FakeScript;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** OpenAI's accepted upload extensions: it decides the decoder by the file name. */
const AUDIO_EXTENSIONS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];

/** Starts the server on a random loopback port. With `apiKey`, any other bearer token gets OpenAI's 401. */
export async function startFakeOpenAI(options: { apiKey?: string } = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const queues = { transcription: [] as TranscriptionReply[], speech: [] as SpeechReply[], chat: [] as ChatReply[] };
  const faults: { fault: Fault; path?: FakePath }[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const sockets = new Set<Socket>();
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => (timers.delete(timer), resolve()), ms);
    timers.add(timer);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const body = Buffer.concat(parts);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const record: RecordedRequest = { method: req.method ?? '', path, headers, closedEarly: false, ...(await parseBody(headers, body)) };
    requests.push(record);
    res.on('close', () => (record.closedEarly ||= !res.writableFinished));

    if (options.apiKey !== undefined && headers['authorization'] !== `Bearer ${options.apiKey}`) {
      return sendError(res, 401, invalidKey(headers['authorization']));
    }
    const at = faults.findIndex((f) => f.path === undefined || f.path === path);
    const fault = at >= 0 ? faults.splice(at, 1)[0]!.fault : undefined;
    record.fault = fault?.kind;
    if (fault?.kind === 'status') return sendFault(res, fault, headers['authorization']);
    if (fault?.kind === 'slow') {
      await sleep(fault.delayMs);
      // The client gave up (timeout): the scripted reply stays queued for its retry.
      if (res.destroyed) return;
    }
    const cut = fault?.kind === 'cut' || fault?.kind === 'stall' ? fault : undefined;
    if (req.method !== 'POST') return sendError(res, 404, { message: `Unknown route ${req.method} ${path}`, type: 'invalid_request_error' });

    if (path === '/v1/audio/transcriptions') {
      const model = record.fields?.['model'];
      const file = record.files?.find((f) => f.field === 'file');
      if (!model || !file) return sendError(res, 400, { message: `Missing required parameter: '${model ? 'file' : 'model'}'.`, type: 'invalid_request_error' });
      const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
      if (!AUDIO_EXTENSIONS.includes(extension)) {
        return sendError(res, 400, { message: `Invalid file format. Supported formats: ${JSON.stringify(AUDIO_EXTENSIONS)}`, type: 'invalid_request_error' });
      }
      if (file.size === 0) {
        return sendError(res, 400, { message: 'Audio file is too short. Minimum audio length is 0.1 seconds.', type: 'invalid_request_error', code: 'audio_too_short' });
      }
      const reply = queues.transcription.shift();
      if (!reply) return unscripted(res, 'transcription');
      const format = record.fields?.['response_format'] ?? 'json';
      const answer = transcriptionBody(reply, format, record.fields?.['include[]']?.includes('logprobs') ?? false);
      return sendBody(res, 200, typeof answer === 'string' ? 'text/plain' : 'application/json', answer, cut, sleep);
    }
    if (path === '/v1/audio/speech') {
      const json = record.json as { model?: string; input?: string; voice?: string } | undefined;
      if (!json?.model || !json.input || !json.voice) return sendError(res, 400, { message: 'model, input and voice are required.', type: 'invalid_request_error' });
      const reply = queues.speech.shift() ?? {};
      return sendBody(res, 200, reply.contentType ?? 'audio/mpeg', Buffer.from(reply.bytes ?? silentMp3()), cut, sleep);
    }
    if (path === '/v1/chat/completions') {
      const json = record.json as { model?: string; messages?: unknown; stream?: boolean } | undefined;
      if (!json?.model || !Array.isArray(json.messages)) return sendError(res, 400, { message: 'model and messages are required.', type: 'invalid_request_error' });
      const reply = queues.chat.shift();
      if (!reply) return unscripted(res, 'chat');
      if (!json.stream) return sendBody(res, 200, 'application/json', completionBody(reply, json.model), cut, sleep);
      return streamChat(res, reply, json.model, cut, sleep);
    }
    return sendError(res, 404, { message: `Unknown route POST ${path}`, type: 'invalid_request_error' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, { message: `fake-openai crashed: ${String(err)}`, type: 'server_error' });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => (sockets.add(socket), socket.on('close', () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: {
      transcription: (reply) => void queues.transcription.push(reply),
      speech: (reply = {}) => void queues.speech.push(reply),
      chat: (reply) => void queues.chat.push(reply),
      fault: (fault, { times = 1, path } = {}) => {
        for (let i = 0; i < times; i++) faults.push({ fault, ...(path ? { path } : {}) });
      },
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function parseBody(headers: Record<string, string>, body: Buffer): Promise<Pick<RecordedRequest, 'json' | 'fields' | 'files'>> {
  const type = headers['content-type'] ?? '';
  if (type.startsWith('application/json')) return { json: JSON.parse(body.toString('utf8')) };
  if (!type.startsWith('multipart/form-data')) return {};
  // undici's Request parses multipart exactly as a server framework would; no hand-written parser to trust.
  const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) }).formData();
  const fields: Record<string, string> = {};
  const files: { field: string; name: string; type: string; size: number }[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') fields[field] = field in fields ? `${fields[field]},${value}` : value;
    else files.push({ field, name: value.name, type: value.type, size: value.size });
  }
  return { fields, files };
}

async function streamChat(res: ServerResponse, reply: ChatReply, model: string, cut: CutFault | undefined, sleep: (ms: number) => Promise<void>): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const events = chatChunks(reply, model).map((c) => `data: ${JSON.stringify(c)}\n\n`);
  events.push('data: [DONE]\n\n');
  for (const [i, event] of events.entries()) {
    if (cut && i === cut.afterChunks) return endCut(res, cut);
    if (res.destroyed) return;
    if (i > 0 && reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
    await new Promise<void>((resolve) => res.write(event, () => resolve()));
  }
  res.end();
}

type CutFault = Extract<Fault, { kind: 'cut' | 'stall' }>;

async function sendBody(res: ServerResponse, status: number, type: string, body: string | object | Buffer, cut: CutFault | undefined, sleep: (ms: number) => Promise<void>): Promise<void> {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length) });
  if (!cut) return void res.end(bytes);
  await new Promise<void>((resolve) => res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => resolve()));
  await sleep(10);
  endCut(res, cut);
}

function endCut(res: ServerResponse, cut: CutFault): void {
  // `stall` leaves the socket open and silent; the client's own timeout or abort has to end it.
  if (cut.kind === 'cut') res.socket?.destroy();
}

function sendFault(res: ServerResponse, fault: Extract<Fault, { kind: 'status' }>, authorization: string | undefined): void {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
  if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
  const error =
    fault.status === 401 ? invalidKey(authorization)
    : fault.status === 429 ? { message: fault.message ?? 'Rate limit reached for requests. Please try again later.', type: 'requests', code: 'rate_limit_exceeded' }
    : { message: fault.message ?? `Fake failure with status ${fault.status}.`, type: fault.status >= 500 ? 'server_error' : 'invalid_request_error' };
  sendError(res, fault.status, error, headers);
}

function unscripted(res: ServerResponse, what: string): void {
  // 400 is not retried by the SDK, so a missing script fails the test at once with a clear reason.
  sendError(res, 400, { message: `fake-openai: no ${what} reply scripted`, type: 'invalid_request_error' });
}

function sendError(res: ServerResponse, status: number, error: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { param: null, code: null, ...error } }));
}

