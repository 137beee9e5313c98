/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { ApiError } from '../../src/api/client.ts';
import { MicError } from '../../src/controllers/mic-controller.ts';
import ar from '../../src/i18n/ar.ts';
import en from '../../src/i18n/en.ts';
import { addBuiltInTranslations, LocalizeController } from '../../src/i18n/localize.ts';
import { requestFailure, startFailure, turnFailure } from '../../src/session/notices.ts';

// A bare host: the controller only needs addController/requestUpdate.
function localizer(language: string): LocalizeController {
  return new LocalizeController({ addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) }, () => language);
}

// The whole built-in wording, as the call module brings it (the first download has only the launcher's words).
addBuiltInTranslations(en, ar);

describe('what the customer is told about failures', () => {
  const english = localizer('en');
  const arabic = localizer('ar');

  it('says when to try again after a rate limit, from the wait the server gave', () => {
    const f = requestFailure(new ApiError('rate_limited', 'Too many requests.', { status: 429, retryAfterSeconds: 12 }), 'retry-call');
    expect(f.notice.text(english)).to.equal('Too many requests. Please try again in 12 seconds.');
    expect(f.notice.text(arabic)).to.contain('12');
    expect(f.notice.action).to.equal('retry-call');
    expect(f.detail).to.deep.equal({ code: 'rate_limited', message: 'Too many requests.', retryable: true });
  });

  it('takes the wait of a rate-limited turn as a number, never from its message', () => {
    const f = turnFailure({ code: 'rate_limited', message: 'Bitte in 99 Sekunden.', retryable: true, retryAfterSeconds: 7 }, true);
    expect(f.notice.text(english)).to.equal('Too many requests. Please try again in 7 seconds.');
    expect(f.notice.action).to.equal('retry-turn');
  });

  it('explains a code the old widget fell through on: too many requests at once', () => {
    const f = turnFailure({ code: 'too_many_concurrent', message: 'x', retryable: true, retryAfterSeconds: 1 }, true);
    expect(f.notice.text(english)).to.equal(requestFailure(new ApiError('rate_limited', 'x', { status: 429, retryAfterSeconds: 1 }), undefined).notice.text(english));
  });

  it('says the assistant is not enabled for the site, with nothing to retry', () => {
    const f = requestFailure(new ApiError('origin_not_allowed', 'not enabled', { status: 403 }), 'retry-config');
    expect(f.notice.text(english)).to.equal('The assistant is not enabled for this site.');
    expect(f.notice.action).to.equal(undefined);
    expect(f.detail.retryable).to.equal(false);
  });

  it('offers a retry when the server cannot be reached', () => {
    const f = requestFailure(new ApiError('network', 'unreachable'), 'retry-call');
    expect(f.notice.text(english)).to.contain('cannot be reached');
    expect(f.notice.action).to.equal('retry-call');
  });

  it('offers a retry for a provider failure only when the turn can be resent', () => {
    const slow = { code: 'provider_timeout', message: 'slow', retryable: true } as const;
    expect(turnFailure(slow, true).notice.text(english)).to.equal('The assistant had a problem answering. Please try again.');
    expect(turnFailure(slow, true).notice.action).to.equal('retry-turn');
    expect(turnFailure(slow, false).notice.action).to.equal(undefined);
  });

  it('explains each microphone failure and keeps text chat on offer', () => {
    const denied = startFailure(new MicError('denied', 'Microphone access was denied.'));
    expect(denied.notice.text(english)).to.match(/address bar.*Site settings.*Microphone to Allow.*chatting by text/);
    expect(denied.detail).to.include({ code: 'microphone_denied', retryable: false });
    expect(startFailure(new MicError('not_found', 'x')).notice.text(english)).to.contain('No microphone was found');
    expect(startFailure(new MicError('in_use', 'x')).notice.text(english)).to.contain('Another app is using your microphone');
    expect(startFailure(new MicError('denied', 'x')).notice.text(arabic)).to.contain('إعدادات الموقع');
  });
});
