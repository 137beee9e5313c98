/**
 * Server-sent events over a fetch `Response.body`, following the WHATWG event-stream parsing rules
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation): lines end in
 * CRLF, LF or CR; a blank line dispatches; `data:` lines join with '\n'; `:` starts a comment. Chunk
 * boundaries may fall anywhere, even inside a CRLF pair or a multi-byte UTF-8 character.
 */

/** One dispatched event: its `event:` name ('message' when absent), its joined `data:` lines and last `id:`. */
export interface SseMessage {
  readonly event: string;
  readonly data: string;
  readonly id: string;
}

/** An incremental event-stream parser: feed decoded text in any chunking, get back the complete events. */
export class SseParser {
  private line = '';
  // A chunk ended in CR: a LF at the start of the next chunk belongs to the same line break.
  private skipLeadingLf = false;
  private eventName = '';
  private data: string[] = [];
  private lastId = '';

  /** Parses the next piece of text; returns the events it completed. */
  push(text: string): SseMessage[] {
    const out: SseMessage[] = [];
    let start = 0;
    if (this.skipLeadingLf && text.length > 0) {
      if (text.charCodeAt(0) === 10) start = 1;
      this.skipLeadingLf = false;
    }
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.handleLine(this.line + text.slice(start, i), out);
      this.line = '';
      if (c === 13) {
        if (i + 1 === text.length) this.skipLeadingLf = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.line += text.slice(start);
    return out;
  }

  /** The stream ended: an event without its closing blank line is incomplete and is dropped, as the spec says. */
  end(): void {
    this.line = '';
    this.eventName = '';
    this.data = [];
    this.skipLeadingLf = false;
  }

  private handleLine(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push({ event: this.eventName || 'message', data: this.data.join('\n'), id: this.lastId });
      this.eventName = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventName = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      // `retry` and unknown fields are ignored: the widget does not reconnect a turn by itself.
    }
  }
}

/**
 * Reads an event stream from a response body. Cancels the body when the consumer stops early (the server then
 * stops the turn). Errors of the underlying stream (abort, network) propagate unchanged.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
    parser.end();
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
