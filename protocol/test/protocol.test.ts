import { describe, expect, it } from 'vitest';
import {
  ConversationRequest,
  describeIssues,
  ERRORS,
  ErrorBody,
  ErrorCode,
  errorStatus,
  isRetryable,
  TurnEvent,
  VoiceTurnForm,
} from '../src/index.ts';

/** The problem the contract reports for `input` against `schema`. */
function problem(schema: { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }, input: unknown) {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return describeIssues(result.error!.issues as never, input);
}

describe('error codes', () => {
  it('gives every code a 4xx or 5xx status, and only waiting (408, 429) or server trouble is retryable', () => {
    for (const code of ErrorCode.options) {
      const status = errorStatus(code);
      expect(status >= 400 && status < 600, code).toBe(true);
      if (isRetryable(code)) expect(status === 408 || status === 429 || status >= 499, code).toBe(true);
    }
    expect(Object.keys(ERRORS)).toEqual(ErrorCode.options);
  });

  it('carries a numeric wait in the error body, never one to parse out of the message', () => {
    const body = ErrorBody.parse({ error: { code: 'rate_limited', message: 'Too many requests.', retry_after_seconds: 12 } });
    expect(body.error.retry_after_seconds).toBe(12);
    expect(ErrorBody.safeParse({ error: { code: 'rate_limited', message: 'x', retry_after_seconds: '12' } }).success).toBe(false);
    expect(ErrorBody.safeParse({ error: { code: 'made_up', message: 'x' } }).success).toBe(false);
  });
});

describe('request problems', () => {
  it('names a missing, a mistyped, an empty and a too long field with their own codes', () => {
    expect(problem(ConversationRequest, { persona: 'sales' })).toEqual({ code: 'missing_field', message: 'The field "message" is required.' });
    expect(problem(ConversationRequest, { message: null })).toMatchObject({ code: 'missing_field' });
    expect(problem(ConversationRequest, { message: 42 })).toEqual({ code: 'invalid_field', message: 'The field "message" must be text.' });
    expect(problem(ConversationRequest, { message: '  ' })).toEqual({ code: 'empty_field', message: 'The field "message" must not be empty.' });
    expect(problem(ConversationRequest, { message: 'hi', stream: 'yes' })).toEqual({ code: 'invalid_field', message: 'The field "stream" must be true or false.' });
  });

  it('says which persona or language does not exist, and lists the ones that do', () => {
    expect(problem(ConversationRequest, { message: 'hi', persona: 'ceo' })).toEqual({
      code: 'unknown_persona',
      message: 'Unknown persona "ceo". Use one of: reception, sales, complaints.',
    });
    expect(problem(ConversationRequest, { message: 'hi', language: 'fr' })).toMatchObject({ code: 'unknown_language' });
    expect(problem(ConversationRequest, { message: 'hi', persona: ['sales'] })).toMatchObject({ code: 'invalid_field' });
  });

  it('refuses a body that is not an object, and a conversation id the server did not issue', () => {
    for (const body of [null, [1, 2], 'hello', 7]) expect(problem(ConversationRequest, body)).toMatchObject({ code: 'invalid_body' });
    expect(problem(ConversationRequest, { message: 'hi', conversation_id: 'conv_../../x' })).toEqual({
      code: 'invalid_field',
      message: 'The field "conversation_id" is not a conversation id this server issued.',
    });
  });

  it('reads forms as forms: text in a file field, and spelled-out booleans', () => {
    expect(problem(VoiceTurnForm, { audio: 'not a file' })).toEqual({ code: 'invalid_field', message: 'The field "audio" must be a file upload.' });
    expect(problem(VoiceTurnForm, { speak: 'maybe' })).toMatchObject({ code: 'invalid_field' });
    expect(VoiceTurnForm.parse({ speak: '0', persona: 'SALES', language: '' })).toMatchObject({ speak: false, persona: 'sales', language: undefined });
  });

  it('takes blanks and null as absent, and any letter case for names', () => {
    expect(ConversationRequest.parse({ message: ' hi ', persona: null, voice: ' ', language: 'AR' })).toEqual({ message: 'hi', language: 'ar' });
  });
});

describe('turn events', () => {
  it('tells events apart by type and refuses an unknown one', () => {
    expect(TurnEvent.parse({ type: 'start', conversation_id: 'conv_x', persona: 'sales' }).type).toBe('start');
    expect(TurnEvent.safeParse({ type: 'delta', text: 'hi' }).success).toBe(false);
    expect(TurnEvent.safeParse({ type: 'gossip' }).success).toBe(false);
  });
});
