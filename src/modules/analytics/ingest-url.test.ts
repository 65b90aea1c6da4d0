import { describe, expect, it } from 'vitest';
import { MAX_LEN, pageOf, referrerOf } from './ingest-url.js';

describe('page and referrer addresses', () => {
  it('keeps host and path, drops the query and fragment except the five utm tags', () => {
    const p = pageOf('https://Shop.Example:8443/a/b%20c?utm_source=ig&utm_medium=social&utm_campaign=sale&utm_term=&utm_content=%20hero%20&token=abc&email=a%40b.c#frag');
    expect(p).toEqual({
      hostname: 'shop.example',
      path: '/a/b%20c',
      utm: { utm_source: 'ig', utm_medium: 'social', utm_campaign: 'sale', utm_term: null, utm_content: 'hero' },
    });
    expect(pageOf('http://x.example')?.path).toBe('/');
  });

  it('refuses what is not http(s)', () => {
    for (const u of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi', 'nonsense', '']) expect(pageOf(u)).toBeNull();
    expect(pageOf('https://x.example/')?.hostname).toBe('x.example');
  });

  it('caps long values', () => {
    const p = pageOf(`https://x.example/${'a'.repeat(5000)}?utm_campaign=${'c'.repeat(1000)}`);
    expect(p?.path.length).toBe(MAX_LEN.path);
    expect(p?.utm.utm_campaign?.length).toBe(MAX_LEN.utm);
  });

  it('keeps the referrer host and path only; the same host or garbage is no referrer', () => {
    expect(referrerOf('https://www.google.co.id/search?q=secret#x', 'shop.example')).toEqual({ host: 'www.google.co.id', path: '/search' });
    expect(referrerOf('https://shop.example/cart?id=1', 'shop.example')).toBeNull();
    expect(referrerOf('android-app://com.google.android.gm/', 'shop.example')).toEqual({ host: 'com.google.android.gm', path: '/' });
    for (const r of [undefined, '', 'not a url', 'about:blank']) expect(referrerOf(r, 'shop.example')).toBeNull();
  });
});
