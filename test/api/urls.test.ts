import { expect } from '@open-wc/testing';
import { apiUrl, subUrl, toBase } from '../../src/api/urls.js';

const chat = 'https://va.convep.example.net/api/account/123/chat/H1-abcK2';

describe('apiUrl', () => {
  it('adds .json and v=1&NC=true to a bare chat URL', () => {
    expect(apiUrl(chat)).to.equal(`${chat}.json?v=1&NC=true`);
  });

  it('puts .json before the query of a bare next href and keeps `from`', () => {
    expect(apiUrl(`${chat}?from=5`)).to.equal(`${chat}.json?from=5&v=1&NC=true`);
    expect(apiUrl(`${chat}/events?from=15`)).to.equal(`${chat}/events.json?from=15&v=1&NC=true`);
  });

  it('adds nothing twice', () => {
    const once = apiUrl(`${chat}?from=5`);
    expect(apiUrl(once)).to.equal(once);
    expect(apiUrl(`${chat}.json?v=1`)).to.equal(`${chat}.json?v=1&NC=true`);
    expect(apiUrl(`${chat}.json?NC=true&v=1&from=2`)).to.equal(`${chat}.json?NC=true&v=1&from=2`);
  });

  it('adds extra parameters, skipping undefined ones', () => {
    const base = 'https://h.example/api/account/1/chat';
    expect(apiUrl(`${base}/availability`, { skill: 'Sales Team' })).to.equal(
      `${base}/availability.json?v=1&NC=true&skill=Sales+Team`,
    );
    expect(apiUrl(`${base}/availability`, { skill: undefined })).to.equal(`${base}/availability.json?v=1&NC=true`);
  });

  it('keeps the documented double slash of the pre-chat survey URL', () => {
    expect(apiUrl('https://h.example/api/account/1/chat//preSurvey')).to.equal(
      'https://h.example/api/account/1/chat//preSurvey.json?v=1&NC=true',
    );
  });

  it('throws a config ChatApiError for an unusable URL', () => {
    expect(() => apiUrl('not a url'))
      .to.throw()
      .with.property('code', 'config');
  });
});

describe('subUrl', () => {
  it('appends a path to the chat URL, whatever suffix or query it carries', () => {
    expect(subUrl(chat, 'events')).to.equal(`${chat}/events`);
    expect(subUrl(`${chat}.json?v=1&NC=true`, 'info')).to.equal(`${chat}/info`);
    expect(subUrl(`${chat}/`, 'exitSurvey')).to.equal(`${chat}/exitSurvey`);
  });
});

describe('toBase', () => {
  it('gives a bare host the scheme asked for (https by default)', () => {
    expect(toBase('va.convep.liveperson.net')).to.equal('https://va.convep.liveperson.net');
    expect(toBase('localhost:8080', 'http:')).to.equal('http://localhost:8080');
  });

  it('keeps a full URL and its scheme, without a trailing slash', () => {
    expect(toBase('http://localhost:8080/')).to.equal('http://localhost:8080');
    expect(toBase('https://proxy.example/lp/', 'http:')).to.equal('https://proxy.example/lp');
  });

  it('refuses what is not an http(s) host', () => {
    expect(toBase('')).to.equal(undefined);
    expect(toBase('ftp://files.example')).to.equal(undefined);
    expect(toBase('http://')).to.equal(undefined);
  });
});
