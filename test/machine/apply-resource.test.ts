import { expect } from '@open-wc/testing';
import { applyResource, sealLines, TRANSFER_LINE } from '../../src/machine/apply-resource.js';
import type { Message } from '../../src/machine/chat.types.js';
import { contextWith, line, resource, state } from './fixtures.js';

const local = (n: number, text: string, status: Message['status'], eventId?: string): Message => ({
  key: 'v' + n,
  eventId,
  source: 'visitor',
  text,
  textType: 'plain',
  by: 'visitor',
  time: 'client',
  status,
});

describe('applyResource', () => {
  it('appends agent and system lines and reports them as received', () => {
    const ctx = contextWith({ chatState: 'chatting', open: true });
    const { update, received } = applyResource(
      ctx,
      resource([line(3, 'system', 'You are now chatting with Natalie.', { systemMessageId: 3 }), line(4, 'agent', 'hi')]),
    );
    expect(update.messages.map((m) => [m.key, m.source, m.text, m.status])).to.deep.equal([
      ['e3', 'system', 'You are now chatting with Natalie.', 'sent'],
      ['e4', 'agent', 'hi', 'sent'],
    ]);
    expect(received.map((m) => m.key)).to.deep.equal(['e3', 'e4']);
    expect(update.lastEventId).to.equal(4);
    expect(update.unread).to.equal(0);
    expect(ctx.messages).to.have.length(0, 'the context is not mutated');
  });

  it('keeps the same messages array when a poll brings no line', () => {
    const ctx = contextWith({ chatState: 'chatting', messages: [local(1, 'hi', 'sent', '7')], lastEventId: 7 });
    expect(applyResource(ctx, resource([])).update.messages).to.equal(ctx.messages);
    expect(applyResource(ctx, resource([line(7, 'visitor', 'hi'), state(8, 'chatting')])).update.messages).to.equal(
      ctx.messages,
    );
    expect(applyResource(ctx, resource([line(9, 'agent', 'new')])).update.messages).to.not.equal(ctx.messages);
  });

  it('skips events at or below lastEventId, so a line read twice is shown once', () => {
    const first = applyResource(contextWith(), resource([line(0, 'agent', 'a'), line(1, 'agent', 'b')]));
    const again = applyResource(
      contextWith(first.update),
      resource([line(1, 'agent', 'b'), line(2, 'agent', 'c')]),
    );
    expect(again.update.messages.map((m) => m.text)).to.deep.equal(['a', 'b', 'c']);
    expect(again.received.map((m) => m.text)).to.deep.equal(['c']);
    expect(again.update.lastEventId).to.equal(2);
  });

  it('matches a visitor echo to the local line by the event id addLine reported', () => {
    const ctx = contextWith({ messages: [local(1, 'same', 'sent'), local(2, 'same', 'sent', '7')] });
    const { update, received } = applyResource(ctx, resource([line(7, 'visitor', 'same')]));
    expect(update.messages.map((m) => [m.key, m.eventId, m.status])).to.deep.equal([
      ['v1', undefined, 'sent'],
      ['v2', '7', 'sent'],
    ]);
    expect(update.messages[1].time).to.equal(line(7, 'visitor', '').time, 'server time once known');
    expect(received).to.have.length(0);
  });

  it('matches echoes without a known id by text, first to last', () => {
    const ctx = contextWith({
      messages: [local(1, 'hello', 'sent'), local(2, 'hello', 'sent'), local(3, 'bye', 'sending')],
      sendingKey: 'v3',
    });
    const { update } = applyResource(
      ctx,
      resource([line(5, 'visitor', 'hello'), line(6, 'visitor', ' bye '), line(7, 'visitor', 'hello')]),
    );
    expect(update.messages.map((m) => [m.key, m.eventId, m.status])).to.deep.equal([
      ['v1', '5', 'sent'],
      ['v2', '7', 'sent'],
      ['v3', '6', 'sent'],
    ]);
  });

  it('does not match a queued line that is not in flight, and adds echoes nobody typed here', () => {
    const ctx = contextWith({ messages: [local(1, 'hi', 'sending')], sendingKey: null });
    const { update } = applyResource(ctx, resource([line(2, 'visitor', 'hi')]));
    expect(update.messages.map((m) => [m.key, m.status])).to.deep.equal([
      ['v1', 'sending'],
      ['e2', 'sent'],
    ]);
  });

  it('matches a line reported failed whose echo arrives anyway', () => {
    const ctx = contextWith({ messages: [local(1, 'hi', 'failed')] });
    const { update } = applyResource(ctx, resource([line(2, 'visitor', 'hi')]));
    expect(update.messages.map((m) => [m.key, m.eventId, m.status])).to.deep.equal([['v1', '2', 'sent']]);
  });

  it('skips pre-chat lines echoed as system lines (systemMessageId 0)', () => {
    const { update, received } = applyResource(
      contextWith(),
      resource([line(0, 'system', 'Returning visitor', { systemMessageId: 0 }), line(1, 'system', 'Please wait', { systemMessageId: 4 })]),
    );
    expect(update.messages.map((m) => m.text)).to.deep.equal(['Please wait']);
    expect(received).to.have.length(1);
    expect(update.lastEventId).to.equal(1);
  });

  it('applies several state events of one batch in order and ends with endedBy agent', () => {
    const { update } = applyResource(
      contextWith({ chatState: 'waiting' }),
      resource([state(0, 'waiting'), state(1, 'chatting'), line(2, 'agent', 'hi'), state(3, 'ended')], { state: 'ended' }),
    );
    expect(update.chatState).to.equal('ended');
    expect(update.endedBy).to.equal('agent');
  });

  it('names the ender from the agent-ended and disconnected lines, else from the state before', () => {
    const byLine = (id: number, was: 'chatting' | 'waiting') =>
      applyResource(
        contextWith({ chatState: was }),
        resource([line(1, 'system', 'x', { systemMessageId: id }), state(2, 'ended')]),
      ).update.endedBy;
    expect(byLine(5, 'waiting')).to.equal('agent');
    expect(byLine(6, 'chatting')).to.equal('system');
    expect(byLine(4, 'waiting')).to.equal('system');
    expect(byLine(4, 'chatting')).to.equal('agent');
    const known = applyResource(contextWith({ chatState: 'chatting', endedBy: 'visitor' }), resource([state(9, 'ended')]));
    expect(known.update.endedBy).to.equal('visitor');
  });

  it('uses info.state only when the batch has no state event', () => {
    expect(applyResource(contextWith({ chatState: 'waiting' }), resource([], { state: 'chatting' })).update.chatState).to.equal('chatting');
    expect(
      applyResource(contextWith({ chatState: 'waiting' }), resource([state(0, 'chatting')], { state: 'waiting' })).update.chatState,
    ).to.equal('chatting');
  });

  it('updates agent name and typing from info, keeping what info leaves out', () => {
    let ctx = contextWith({ chatState: 'chatting' });
    ctx = contextWith(applyResource(ctx, resource([], { agentName: 'Natalie', agentTyping: 'typing' })).update);
    expect([ctx.agentName, ctx.agentTyping]).to.deep.equal(['Natalie', true]);
    ctx = contextWith(applyResource(ctx, resource([], {})).update);
    expect([ctx.agentName, ctx.agentTyping]).to.deep.equal(['Natalie', true]);
    ctx = contextWith(applyResource(ctx, resource([], { agentTyping: 'not-typing' })).update);
    expect(ctx.agentTyping).to.equal(false);
  });

  it('counts agent and system lines as unread while the window is closed', () => {
    const closed = applyResource(
      contextWith({ open: false, unread: 1, messages: [local(1, 'me', 'sent')] }),
      resource([line(1, 'system', 'info', { systemMessageId: 3 }), line(2, 'agent', 'a'), line(3, 'visitor', 'me')]),
    );
    expect(closed.update.unread).to.equal(3);
    const open = applyResource(contextWith({ open: true }), resource([line(2, 'agent', 'a')]));
    expect(open.update.unread).to.equal(0);
  });

  it('ignores unknown event types for display but moves past them', () => {
    const { update, received } = applyResource(
      contextWith(),
      resource([
        { type: 'other', id: '0', time: '', rawType: 'line-status', data: { lineStatus: 'ACCEPT' } },
        { type: 'other', id: '1', time: '', rawType: 'url', data: {} },
        line(2, 'agent', 'after'),
      ]),
    );
    expect(update.messages.map((m) => m.text)).to.deep.equal(['after']);
    expect(received).to.have.length(1);
    expect(update.lastEventId).to.equal(2);
  });

  it('offers a pushed http(s) link as an agent line carrying it, and drops any other scheme', () => {
    const { update, received } = applyResource(
      contextWith({ agentName: 'Alex', open: false }),
      resource([
        { type: 'other', id: '4', time: 't4', rawType: 'url', data: { url: 'https://shop.example/size-guide', text: 'Size guide' } },
        { type: 'other', id: '5', time: 't5', rawType: 'url', data: { url: 'javascript:alert(1)' } },
        { type: 'other', id: '6', time: 't6', rawType: 'url', data: { url: 'http://shop.example/returns', by: 'Kim' } },
      ]),
    );
    expect(update.messages.map((m) => [m.key, m.source, m.text, m.link, m.by])).to.deep.equal([
      ['e4', 'agent', 'Size guide', 'https://shop.example/size-guide', 'Alex'],
      ['e6', 'agent', 'http://shop.example/returns', 'http://shop.example/returns', 'Kim'],
    ]);
    expect(received).to.have.length(2);
    expect([update.unread, update.lastEventId]).to.deep.equal([2, 6]);
  });

  it('shows a transfer as a system line and stops there: the chat left behind ending is not this chat ending', () => {
    const transfer = { type: 'a2a-transfer' as const, id: '5', time: 't5', remoteSiteId: '2', chatRequestParameters: { skill: 'Billing' } };
    const { update, received, transfer: found } = applyResource(
      contextWith({ chatState: 'chatting', agentName: 'Natalie', open: false }),
      resource([line(4, 'agent', 'Over to Billing'), transfer, line(6, 'system', 'Natalie left', { systemMessageId: 5 }), state(7, 'ended')], {
        state: 'ended',
      }),
    );
    expect(found).to.equal(transfer);
    expect(update.messages.map((m) => [m.key, m.source, m.by, m.text])).to.deep.equal([
      ['e4', 'agent', 'Natalie', 'Over to Billing'],
      ['e5', 'system', 'info', TRANSFER_LINE],
    ]);
    expect(received.map((m) => m.text)).to.deep.equal(['Over to Billing', TRANSFER_LINE]);
    expect(update).to.deep.include({ chatState: 'chatting', endedBy: null, lastEventId: 5, unread: 2 });
    expect(applyResource(contextWith(), resource([line(1, 'agent', 'a')]))).to.not.have.property('transfer');
  });

  it('seals the lines of the chat left behind: ids marked once, lines never sent left as they are', () => {
    const messages: Message[] = [
      { ...local(1, 'hi', 'sent', '3') },
      { key: 'e4', eventId: '4', source: 'agent', text: 'a', textType: 'plain', by: 'A', time: 't', status: 'sent' },
      { key: 'e1:2', eventId: '1:2', source: 'agent', text: 'old', textType: 'plain', by: 'A', time: 't', status: 'sent' },
      local(2, 'later', 'queued'),
    ];
    expect(sealLines(messages, 2).map((m) => [m.key, m.eventId, m.status])).to.deep.equal([
      ['v1', '2:3', 'sent'],
      ['e2:4', '2:4', 'sent'],
      ['e1:2', '1:2', 'sent'],
      ['v2', undefined, 'queued'],
    ]);
  });
});
