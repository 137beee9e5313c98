/**
 * What Node refuses before the app sees a request — headers too large, a broken chunked body, an unknown method,
 * an HTTP/1.1 request without Host, a Host or path the adapter cannot make a URL of — answered like every other
 * error: the contract's JSON body (`{"error":{"code","message"}}`) and the app's own security headers, instead of
 * Node's empty `400 Bad Request`.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorStatus, type ErrorCode } from '@call-center-widget/protocol';
import { errorBody } from './error-response.ts';

/** Headers the app sets on its answers that Node's refusals should carry too (not the body's own). */
export async function securityHeadersOf(app: { request(path: string): Response | Promise<Response> }): Promise<Record<string, string>> {
  // Any path: the app's 404 carries what its middleware adds to every answer.
  const probe = await app.request('/.well-known/call-center-widget-probe');
  const headers: Record<string, string> = {};
  probe.headers.forEach((value, name) => {
    if (!['content-type', 'content-length', 'date', 'vary'].includes(name)) headers[name] = value;
  });
  return headers;
}

/** Which code a parser error of Node's gets. */
function codeOf(err: NodeJS.ErrnoException): { code: ErrorCode; message: string } {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'headers_too_large', message: 'The request headers are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return { code: 'request_timeout', message: 'The request took too long to arrive.' };
    case 'HPE_INVALID_METHOD':
      return { code: 'bad_request', message: 'The request method is not one this server knows.' };
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_INVALID_EOF_STATE':
      return { code: 'bad_request', message: 'The chunked request body is malformed.' };
    default:
      return { code: 'bad_request', message: 'The request is not valid HTTP.' };
  }
}

/** `server.on('clientError', …)`: the refusal written on the socket, then the connection closed. */
export function answerClientError(headers: Readonly<Record<string, string>>) {
  return (err: NodeJS.ErrnoException, socket: Duplex): void => {
    // The client went away, or an answer has already begun on this socket (as Node's own handler checks).
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (err.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy();
      return;
    }
    const { code, message } = codeOf(err);
    const status = errorStatus(code);
    const body = JSON.stringify(errorBody(code, message));
    const lines = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  };
}

/** Writes the contract's error on a response Node made (before the app was asked). */
export function writeError(res: ServerResponse, headers: Readonly<Record<string, string>>, code: ErrorCode, message: string): void {
  const body = JSON.stringify(errorBody(code, message));
  res.writeHead(errorStatus(code), { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
  res.end(body);
}

/** An HTTP/1.1 request without Host (which Node would refuse with an empty 400 itself). */
export function missingHost(req: IncomingMessage): boolean {
  return req.httpVersion === '1.1' && !req.headers.host;
}

/** The adapter's refusal of a request it cannot make a URL of (Host, path), or anything else it could not run. */
export function adapterError(headers: Readonly<Record<string, string>>) {
  return (err: unknown): Response => {
    const known = err instanceof Error && err.name === 'RequestError';
    const code: ErrorCode = known ? 'bad_request' : 'internal_error';
    const message = known ? `The request cannot be served: ${describe(err.message)}` : 'Something went wrong on our side. Please try again.';
    return new Response(JSON.stringify(errorBody(code, message)), { status: errorStatus(code), headers: { ...headers, 'Content-Type': 'application/json' } });
  };
}

function describe(message: string): string {
  if (/host/i.test(message)) return 'the Host header is not valid.';
  if (/backslash/i.test(message)) return 'the path contains a backslash.';
  return 'the URL is not valid.';
}
