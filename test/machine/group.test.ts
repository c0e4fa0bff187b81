import { expect } from '@open-wc/testing';
import type { Message } from '../../src/machine/chat.types.js';
import { GROUP_GAP, groupOf } from '../../src/machine/view.js';

const base = new Date(2026, 2, 3, 14, 0).getTime();
const line = (source: Message['source'], minutes: number, by = source === 'agent' ? 'Natalie' : source === 'system' ? 'info' : 'visitor'): Message => ({
  key: `k${minutes}`,
  source,
  text: 'x',
  textType: 'plain',
  by,
  time: new Date(base + minutes * 60_000).toISOString(),
  status: 'sent',
});

describe('groupOf', () => {
  it('the first line starts a group', () => {
    expect(groupOf(undefined, line('agent', 0))).to.equal('group');
  });

  it('the same agent within the gap goes on with the group; past it starts another', () => {
    expect(GROUP_GAP).to.equal(5 * 60_000);
    expect(groupOf(line('agent', 0), line('agent', 1))).to.equal('');
    expect(groupOf(line('agent', 0), line('agent', 5))).to.equal('');
    expect(groupOf(line('agent', 0), line('agent', 5.1))).to.equal('group');
  });

  it('another sender starts a group: the visitor, a system line, another agent', () => {
    expect(groupOf(line('agent', 0), line('visitor', 0))).to.equal('group');
    expect(groupOf(line('visitor', 0), line('agent', 0))).to.equal('group');
    expect(groupOf(line('agent', 0), line('system', 0))).to.equal('group');
    expect(groupOf(line('agent', 0), line('agent', 0, 'Sam'))).to.equal('group');
  });

  it("the visitor's lines group whatever name they carry (a line typed here, its echo, a line from another tab)", () => {
    expect(groupOf(line('visitor', 0, 'Dana'), line('visitor', 1, 'You'))).to.equal('');
  });

  it('a new local day starts a day, even within the gap', () => {
    const late = { ...line('agent', 0), time: new Date(2026, 2, 3, 23, 59).toISOString() };
    const early = { ...line('agent', 0), time: new Date(2026, 2, 4, 0, 1).toISOString() };
    expect(groupOf(late, early)).to.equal('day');
    expect(groupOf(late, { ...early, source: 'visitor' })).to.equal('day');
  });

  it('lines without a readable time start groups, never days', () => {
    expect(groupOf({ ...line('agent', 0), time: '' }, line('agent', 1))).to.equal('group');
    expect(groupOf(line('agent', 0), { ...line('agent', 1), time: 'garbage' })).to.equal('group');
  });

  it('times written with another offset are compared as instants', () => {
    // 14:00 UTC-05:00 and 19:02 UTC: two minutes apart.
    const a = { ...line('agent', 0), time: '2026-03-03T14:00:00.000-05:00' };
    const b = { ...line('agent', 0), time: '2026-03-03T19:02:00.000Z' };
    expect(groupOf(a, b)).to.equal('');
  });
});
