import { expect } from '@open-wc/testing';
import { HTTPError, TimeoutError } from 'ky';
import { ChatApiError, isChatApiError, toChatApiError } from '../../src/api/errors.js';

const request = new Request('https://h.example/api/account/1/chat/x.json?v=1&NC=true');
const httpError = (status: number, statusText = '') =>
  new HTTPError(new Response(null, { status, statusText }), request, {} as never);

describe('toChatApiError', () => {
  it('returns a ChatApiError as it is', () => {
    const error = new ChatApiError({ code: 'malformed', message: 'x' });
    expect(toChatApiError(error)).to.equal(error);
  });

  it('rethrows an AbortError unchanged', () => {
    const abort = new DOMException('signal is aborted without reason', 'AbortError');
    expect(() => toChatApiError(abort))
      .to.throw()
      .that.equals(abort);
  });

  it('maps an HTTPError by status, with the body text when given', () => {
    const error = toChatApiError(
      httpError(400, 'Bad Request'),
      '{"error":{"message":"Cannot add line","internalCode":5}}',
    );
    expect(error).to.include({
      code: 'bad-request',
      status: 400,
      message: 'Cannot add line',
      internalCode: 5,
      retryable: false,
    });
    expect(error.cause).to.be.instanceOf(HTTPError);
    expect(toChatApiError(httpError(503, 'Service Unavailable'))).to.include({
      code: 'server',
      message: '503 Service Unavailable',
      retryable: true,
    });
  });

  it('maps a TimeoutError to timeout and anything else to network, both retryable', () => {
    expect(toChatApiError(new TimeoutError(request))).to.include({ code: 'timeout', status: 0, retryable: true });
    expect(toChatApiError(new TypeError('Failed to fetch'))).to.include({
      code: 'network',
      status: 0,
      retryable: true,
    });
  });

  it('recognises its errors across realms by name and code', () => {
    const foreign = Object.assign(new Error('x'), { name: 'ChatApiError', code: 'server' });
    expect(isChatApiError(foreign)).to.equal(true);
    expect(isChatApiError(new Error('x'))).to.equal(false);
  });
});
