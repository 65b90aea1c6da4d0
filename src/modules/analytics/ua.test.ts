import { describe, expect, it } from 'vitest';
import { parseUserAgent } from './ua.js';

describe('user agents', () => {
  it('names browser, OS and device class', () => {
    expect(parseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).toEqual({ bot: false, browser: 'Microsoft Edge', os: 'Windows', device: 'desktop' });
    expect(parseUserAgent('Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36')).toEqual({ bot: false, browser: 'Chrome', os: 'Android', device: 'mobile' });
    expect(parseUserAgent('Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toEqual({ bot: false, browser: 'Safari', os: 'iOS', device: 'tablet' });
    expect(parseUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toEqual({ bot: false, browser: 'Firefox', os: 'Linux', device: 'desktop' });
  });

  it('flags crawlers, scripts and a missing user agent as bots', () => {
    for (const ua of [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'python-requests/2.32.3',
      'curl/8.5.0',
      '',
      '   ',
      undefined,
    ]) {
      expect(parseUserAgent(ua).bot, String(ua)).toBe(true);
    }
  });

  it('gives the same answer from its cache', () => {
    const ua = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
    expect(parseUserAgent(ua)).toEqual(parseUserAgent(ua));
    expect(parseUserAgent(ua)).toMatchObject({ browser: 'Safari', os: 'macOS', device: 'desktop' });
  });
});
