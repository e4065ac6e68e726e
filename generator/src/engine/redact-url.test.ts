import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('redacts credential-like query parameters', () => {
    expect(redactUrl('http://h:8080/p?token=abc&api_key=x&page=2')).toBe('http://h:8080/p?token=REDACTED&api_key=REDACTED&page=2');
    expect(redactUrl('http://h/p?Password=1&sig=2#frag')).toBe('http://h/p?Password=REDACTED&sig=REDACTED#frag');
  });

  it('removes userinfo', () => {
    expect(redactUrl('http://user:pass@host:9000/x?q=1')).toBe('http://host:9000/x?q=1');
    expect(redactUrl('https://user@host')).toBe('https://host');
  });

  it('leaves clean URLs untouched', () => {
    const url = 'http://127.0.0.1:8080/predict?x=1&y=2';
    expect(redactUrl(url)).toBe(url);
    expect(redactUrl('http://h/a@b')).toBe('http://h/a@b');
  });
});
