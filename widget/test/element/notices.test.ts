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

  it('says when to try again after a rate limit, from Retry-After', () => {
    const f = requestFailure(new ApiError('rate_limited', 429, 'Too many requests.', 12), 'retry-call');
    expect(f.notice.text(english)).to.equal('Too many requests. Please try again in 12 seconds.');
    expect(f.notice.text(arabic)).to.contain('12');
    expect(f.notice.action).to.equal('retry-call');
    expect(f.detail).to.deep.equal({ code: 'rate_limited', message: 'Too many requests.', retryable: true });
  });

  it('reads the wait from the message of a rate-limited turn', () => {
    const f = turnFailure('rate_limited', 'Too many requests. Please try again in 7 seconds.', true, true);
    expect(f.notice.text(english)).to.equal('Too many requests. Please try again in 7 seconds.');
    expect(f.notice.action).to.equal('retry-turn');
  });

  it('says the assistant is not enabled for the site, with nothing to retry', () => {
    const f = requestFailure(new ApiError('origin_not_allowed', 403, 'not enabled'), 'retry-config');
    expect(f.notice.text(english)).to.equal('The assistant is not enabled for this site.');
    expect(f.notice.action).to.equal(undefined);
    expect(f.detail.retryable).to.equal(false);
  });

  it('offers a retry when the server cannot be reached', () => {
    const f = requestFailure(new ApiError('network', 0, 'unreachable'), 'retry-call');
    expect(f.notice.text(english)).to.contain('cannot be reached');
    expect(f.notice.action).to.equal('retry-call');
  });

  it('offers a retry for a provider failure only when the turn can be resent', () => {
    expect(turnFailure('provider_timeout', 'slow', true, true).notice.text(english)).to.equal('The assistant had a problem answering. Please try again.');
    expect(turnFailure('provider_timeout', 'slow', true, true).notice.action).to.equal('retry-turn');
    expect(turnFailure('provider_timeout', 'slow', true, false).notice.action).to.equal(undefined);
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
