/** Which UI term explains an error code to the customer: one entry per code, so the compiler names a missing one. */
import type { LocalizeController } from './localize.ts';
import type { MicFailure, NoticeText, RequestErrorCode } from '../types.ts';

type ErrorTerm =
  | 'serverUnreachable'
  | 'originNotAllowed'
  | 'rateLimited'
  | 'noSpeech'
  | 'notUnderstood'
  | 'unsupportedLanguage'
  | 'tooLong'
  | 'providerError'
  | 'genericError';

/** The term for every code a request or turn can fail with. */
const ERROR_TERMS: Readonly<Record<RequestErrorCode, ErrorTerm>> = {
  // The widget could not reach or read its server.
  network: 'serverUnreachable',
  stream_incomplete: 'serverUnreachable',
  invalid_server_url: 'serverUnreachable',
  bad_response: 'serverUnreachable',
  not_configured: 'serverUnreachable',
  widget_not_built: 'serverUnreachable',
  console_not_built: 'genericError',
  origin_not_allowed: 'originNotAllowed',
  // Too much at once: the customer is told how long to wait.
  rate_limited: 'rateLimited',
  too_many_concurrent: 'rateLimited',
  // What the customer said or typed could not be used.
  no_speech: 'noSpeech',
  empty_audio: 'noSpeech',
  not_understood: 'notUnderstood',
  unsupported_audio: 'notUnderstood',
  unsupported_language: 'unsupportedLanguage',
  text_too_long: 'tooLong',
  payload_too_large: 'tooLong',
  // The assistant's engines failed.
  provider_error: 'providerError',
  provider_rate_limited: 'providerError',
  provider_unavailable: 'providerError',
  provider_timeout: 'providerError',
  // Anything else is the widget's or the site's problem, not the customer's: a plain apology.
  bad_request: 'genericError',
  invalid_json: 'genericError',
  invalid_body: 'genericError',
  missing_field: 'genericError',
  invalid_field: 'genericError',
  empty_field: 'genericError',
  unknown_persona: 'genericError',
  unknown_language: 'genericError',
  unknown_voice: 'genericError',
  invalid_multipart: 'genericError',
  invalid_filename: 'genericError',
  invalid_path: 'genericError',
  unauthorized: 'genericError',
  call_handle_invalid: 'genericError',
  room_not_allowed: 'genericError',
  not_found: 'genericError',
  conversation_not_found: 'genericError',
  audio_not_found: 'genericError',
  room_not_found: 'genericError',
  participant_not_found: 'genericError',
  track_not_found: 'genericError',
  ticket_not_found: 'genericError',
  staff_not_found: 'genericError',
  staff_exists: 'genericError',
  chat_not_found: 'genericError',
  chat_taken: 'genericError',
  invalid_credentials: 'genericError',
  unsupported_media_type: 'genericError',
  range_not_satisfiable: 'genericError',
  headers_too_large: 'genericError',
  request_timeout: 'genericError',
  not_audio_track: 'genericError',
  livekit_precondition_failed: 'genericError',
  internal_error: 'genericError',
  livekit_error: 'genericError',
  livekit_auth_failed: 'genericError',
  livekit_unreachable: 'genericError',
  livekit_disabled: 'genericError',
  livekit_timeout: 'genericError',
  aborted: 'genericError',
};

const MIC_TERMS: Readonly<Record<MicFailure, 'micDenied' | 'micNotFound' | 'micInUse' | 'micInsecure' | 'micOther'>> = {
  denied: 'micDenied',
  not_found: 'micNotFound',
  in_use: 'micInUse',
  insecure: 'micInsecure',
  other: 'micOther',
};

/** The customer-facing text for a microphone failure: how to recover, and that text chat still works. */
export function micFailureText(reason: MicFailure): NoticeText {
  return (l: LocalizeController) => l.term(MIC_TERMS[reason]);
}

/** The customer-facing text for a request or turn failure; a code from a newer server reads as a plain apology. */
export function errorText(code: RequestErrorCode, retryAfterSeconds?: number): NoticeText {
  const term = ERROR_TERMS[code] ?? 'genericError';
  return term === 'rateLimited' ? (l) => l.term('rateLimited', retryAfterSeconds) : (l) => l.term(term);
}
