import { expect } from '@open-wc/testing';
import { SseParser, readSse, type SseMessage } from '../../src/api/sse.ts';

const STREAM =
  'event: start\r\ndata: {"conversation_id":"conv_1","persona":"reception"}\r\n\r\n' +
  ': keep-alive comment\n\n' +
  'event: delta\ndata: {"text":"مرحبا 👋 hello","persona":"reception"}\n\n' +
  'event: delta\rdata:{"text":"no space","persona":"reception"}\r\r' +
  'data: line one\ndata: line two\nid: 7\n\n' +
  'event: done\r\ndata: {"response":"ok"}\r\n\r\n';

const EXPECTED: SseMessage[] = [
  { event: 'start', data: '{"conversation_id":"conv_1","persona":"reception"}', id: '' },
  { event: 'delta', data: '{"text":"مرحبا 👋 hello","persona":"reception"}', id: '' },
  { event: 'delta', data: '{"text":"no space","persona":"reception"}', id: '' },
  { event: 'message', data: 'line one\nline two', id: '7' },
  { event: 'done', data: '{"response":"ok"}', id: '7' },
];

/** A body that delivers `bytes` in the given chunk sizes (cycled). */
function body(bytes: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  let offset = 0;
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      const size = sizes[i++ % sizes.length]!;
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const m of readSse(stream)) out.push(m);
  return out;
}

describe('the SSE parser', () => {
  it('parses a whole stream with LF, CRLF and CR line ends, comments, multi-line data and ids', () => {
    const parser = new SseParser();
    expect(parser.push(STREAM)).to.deep.equal(EXPECTED);
  });

  it('gives the same events for every split of the text into two pieces', () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.push(STREAM.slice(0, cut)), ...parser.push(STREAM.slice(cut))];
      expect(events, `cut at ${cut}`).to.deep.equal(EXPECTED);
    }
  });

  it('gives the same events when fed one character at a time', () => {
    const parser = new SseParser();
    const events = [...STREAM].flatMap((ch) => parser.push(ch));
    expect(events).to.deep.equal(EXPECTED);
  });

  it('treats a CR at the end of one chunk and a LF at the start of the next as one line break', () => {
    const parser = new SseParser();
    const events = [...parser.push('data: a\r'), ...parser.push('\n\r'), ...parser.push('\ndata: b\r\n\r\n')];
    expect(events.map((e) => e.data)).to.deep.equal(['a', 'b']);
  });

  it('drops an event the stream cut off before its blank line', () => {
    const parser = new SseParser();
    expect(parser.push('event: delta\ndata: {"text":"half"')).to.deep.equal([]);
    parser.end();
    expect(parser.push('\n\n')).to.deep.equal([]);
  });

  it('ignores events without data, and fields it does not know', () => {
    const parser = new SseParser();
    expect(parser.push('event: ping\n\nretry: 10\nfoo: bar\ndata\n\n')).to.deep.equal([{ event: 'message', data: '', id: '' }]);
  });
});

describe('readSse over a response body', () => {
  const bytes = new TextEncoder().encode(STREAM);

  for (const sizes of [[1], [2], [3], [5, 1, 7], [bytes.length]]) {
    it(`reads the events when the body arrives in chunks of ${sizes.join(', ')} bytes (splitting UTF-8 characters and CRLF pairs)`, async () => {
      expect(await collect(body(bytes, sizes))).to.deep.equal(EXPECTED);
    });
  }

  it('reads events from a real fetch Response body', async () => {
    const response = new Response(body(bytes, [4, 9]), { headers: { 'Content-Type': 'text/event-stream' } });
    expect(await collect(response.body!)).to.deep.equal(EXPECTED);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: one\n\ndata: two\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const m of readSse(stream)) {
      expect(m.data).to.equal('one');
      break;
    }
    expect(cancelled).to.equal(true);
  });
});
