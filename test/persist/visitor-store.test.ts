import { expect } from '@open-wc/testing';
import { createVisitorStore } from '../../src/persist/visitor-store.js';

describe('createVisitorStore', () => {
  beforeEach(() => localStorage.clear());

  it('keeps the ids per account, and reads back only ids', () => {
    const store = createVisitorStore(localStorage, '123');
    expect(store.load()).to.equal(undefined);
    store.save({ visitorId: 'V', sessionId: 'S', type: 'engagement.session' } as never);
    expect(localStorage.getItem('lp-chat-window:123:visitor')).to.equal('{"visitorId":"V","sessionId":"S"}');
    expect(store.load()).to.deep.equal({ visitorId: 'V', sessionId: 'S' });
    expect(createVisitorStore(localStorage, '456').load()).to.equal(undefined);
    for (const junk of ['not json', 'null', '{"visitorId":1,"sessionId":"S"}', '[]']) {
      localStorage.setItem('lp-chat-window:123:visitor', junk);
      expect(store.load(), junk).to.equal(undefined);
    }
  });

  it('keeps nothing without a storage, and never throws when the storage refuses', () => {
    const none = createVisitorStore(undefined, '123');
    none.save({ visitorId: 'V', sessionId: 'S' });
    expect(none.load()).to.equal(undefined);
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } } as unknown as Storage;
    const store = createVisitorStore(refusing, '123');
    expect(() => store.save({ visitorId: 'V', sessionId: 'S' })).to.not.throw();
    expect(store.load()).to.equal(undefined);
  });
});
