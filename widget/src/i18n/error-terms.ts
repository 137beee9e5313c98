/** Which UI term explains an error code to the customer (server codes, ApiClient codes, microphone failures). */
import type { MicFailure } from '../controllers/mic-controller.ts';
import type { LocalizeController } from './localize.ts';

/** A notice's text, resolved at render time so it follows a language switch. */
export type NoticeText = (l: LocalizeController) => string;

/** The customer-facing text for a microphone failure: how to recover, and that text chat still works. */
export function micFailureText(reason: MicFailure): NoticeText {
  switch (reason) {
    case 'denied':
      return (l) => l.term('micDenied');
    case 'not_found':
      return (l) => l.term('micNotFound');
    case 'in_use':
      return (l) => l.term('micInUse');
    case 'insecure':
      return (l) => l.term('micInsecure');
    default:
      return (l) => l.term('micOther');
  }
}

/** The customer-facing text for a request or turn failure. */
export function errorText(code: string, retryAfterSeconds?: number): NoticeText {
  switch (code) {
    case 'network':
    case 'stream_incomplete':
    case 'invalid_server_url':
    case 'bad_response':
      return (l) => l.term('serverUnreachable');
    case 'origin_not_allowed':
      return (l) => l.term('originNotAllowed');
    case 'rate_limited':
      return (l) => l.term('rateLimited', retryAfterSeconds);
    case 'no_speech':
      return (l) => l.term('noSpeech');
    case 'not_understood':
      return (l) => l.term('notUnderstood');
    case 'unsupported_language':
      return (l) => l.term('unsupportedLanguage');
    case 'payload_too_large':
    case 'text_too_long':
      return (l) => l.term('tooLong');
    default:
      return code.startsWith('provider_') ? (l) => l.term('providerError') : (l) => l.term('genericError');
  }
}

/** Seconds to wait, from `Retry-After` when known, else from the server's message ("... in 12 seconds."). */
export function retryAfterFrom(message: string, known?: number): number | undefined {
  if (known !== undefined) return known;
  const match = /(\d+)\s*(?:s\b|sec|second)/i.exec(message);
  return match ? Number(match[1]) : undefined;
}
