import { expect } from '@open-wc/testing';
import { createDraftStore } from '../../src/persist/draft-store.js';

describe('createDraftStore', () => {
  beforeEach(() => sessionStorage.clear());

  it("keeps one chat's draft per account, gives it back for that chat only, and forgets it when emptied", () => {
    const store = createDraftStore(sessionStorage, '123');
    expect(store.load('chat-1')).to.equal('');
    store.save('chat-1', 'Where is my ord');
    expect(store.load('chat-1')).to.equal('Where is my ord');
    expect(store.load('chat-2'), "another chat's box starts empty").to.equal('');
    expect(createDraftStore(sessionStorage, '456').load('chat-1'), 'another account').to.equal('');
    store.save('chat-1', '');
    expect(sessionStorage.getItem('lp-chat-window:123:draft')).to.equal(null);
    for (const junk of ['not json', 'null', '{"chat":"chat-1","text":7}', '[]']) {
      sessionStorage.setItem('lp-chat-window:123:draft', junk);
      expect(store.load('chat-1'), junk).to.equal('');
    }
  });

  it('keeps nothing without a storage, and never throws when the storage refuses', () => {
    const none = createDraftStore(undefined, '123');
    none.save('chat-1', 'hi');
    expect(none.load('chat-1')).to.equal('');
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } } as unknown as Storage;
    const store = createDraftStore(refusing, '123');
    expect(() => store.save('chat-1', 'hi')).to.not.throw();
    expect(store.load('chat-1')).to.equal('');
  });
});
