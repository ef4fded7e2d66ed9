import { listenUrl } from './listen-url';

describe('the URL printed for a bound address', () => {
  it.each([
    ['127.0.0.1', 'http://127.0.0.1:4527'],
    ['localhost', 'http://localhost:4527'],
    ['0.0.0.0', 'http://127.0.0.1:4527'],
    ['::', 'http://[::1]:4527'],
    ['0:0:0:0:0:0:0:0', 'http://[::1]:4527'],
    ['::1', 'http://[::1]:4527'],
    ['fd00::7', 'http://[fd00::7]:4527'],
  ])('bound to %s: %s', (host, url) => {
    expect(listenUrl(host, 4527)).toBe(url);
    expect(new URL(url).port).toBe('4527');
  });

  it("escapes a link-local address's zone as RFC 6874 says (curl reads it; WHATWG URLs have no zones)", () => {
    expect(listenUrl('fe80::1%eth0', 4527)).toBe('http://[fe80::1%25eth0]:4527');
  });
});
