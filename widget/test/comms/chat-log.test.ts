import { expect } from '@open-wc/testing';
import { ChatLog } from '../../src/session/chat-log.ts';

describe('ChatLog', () => {
  it('streams one persona into one line and starts a new line when another speaks', () => {
    const log = new ChatLog();
    const customer = log.add({ role: 'customer', text: 'hi' });
    const turn = log.begin(customer.id);
    expect(log.reply(turn, 'reception', 'Hello')).to.equal(undefined);
    log.reply(turn, 'reception', ' there.');
    const finished = log.reply(turn, 'sales', 'Sales here.');
    expect(finished).to.deep.include({ role: 'agent', text: 'Hello there.', persona: 'reception', pending: false });
    expect(log.entries.map((e) => [e.role, e.persona ?? '', e.pending ?? false])).to.deep.equal([
      ['customer', '', false],
      ['agent', 'reception', false],
      ['agent', 'sales', true],
    ]);
  });

  it('takes back a failed turn\'s reply and keeps the customer\'s words, marked as not sent', () => {
    const log = new ChatLog();
    const turn = log.begin(log.add({ role: 'customer', text: 'refund please' }).id);
    log.reply(turn, 'reception', 'Let me');
    log.transfer(turn, { role: 'notice', text: '→ complaints' }, 'complaints');
    log.fail(turn);
    expect(log.entries.map((e) => [e.role, e.text, e.failed ?? false])).to.deep.equal([['customer', 'refund please', true]]);
    // The retry reuses the line, no longer marked.
    log.begin(log.entries[0]!.id);
    expect(log.entries[0]!.failed).to.equal(false);
  });

  it('fills the customer line from the transcript, drops empty replies and settles an interrupted one', () => {
    const log = new ChatLog();
    const turn = log.begin(undefined);
    expect(log.heard(turn, 'i want to talk to sales', 'en')).to.deep.include({ role: 'customer', language: 'en' });
    log.transfer(turn, { role: 'notice', text: '→ sales' }, 'sales');
    expect(log.finish(turn)).to.equal(undefined);
    expect(log.entries.map((e) => e.role)).to.deep.equal(['customer', 'notice']);
    const next = log.begin(undefined);
    log.reply(next, 'sales', 'Our plans ');
    log.settle();
    expect(log.entries.at(-1)).to.deep.include({ text: 'Our plans', pending: false });
  });
});
