import { errors } from 'undici';
import { classifyError } from './classify-error';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('classifyError', () => {
  it('maps socket errnos to their code', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']) expect(classifyError(withCode(code))).toBe(code);
  });

  it('maps undici errors', () => {
    expect(classifyError(new errors.HeadersTimeoutError())).toBe('timeout');
    expect(classifyError(new errors.BodyTimeoutError())).toBe('timeout');
    expect(classifyError(new errors.ConnectTimeoutError())).toBe('timeout');
    expect(classifyError(new errors.RequestAbortedError())).toBe('aborted');
    expect(classifyError(new errors.ClientDestroyedError())).toBe('aborted');
    expect(classifyError(new errors.SocketError('other side closed'))).toBe('socket_closed');
  });

  it('looks inside AggregateError and causes', () => {
    expect(classifyError(new AggregateError([withCode('ECONNREFUSED')]))).toBe('ECONNREFUSED');
    expect(classifyError(new Error('wrapped', { cause: withCode('ECONNRESET') }))).toBe('ECONNRESET');
  });

  it('falls back to the constructor name', () => {
    expect(classifyError(new TypeError('x'))).toBe('TypeError');
    expect(classifyError('nope')).toBe('unknown');
  });
});
