import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { buildSnippet } from '../privacy/snippet-routes.js';
import { buildWidget } from './portal-widget.js';

describe('help widget build', () => {
  it('is one dependency-free file under 15 KB gzipped, in English and Bahasa Indonesia', () => {
    const { code } = buildWidget();
    expect(gzipSync(code).length).toBeLessThan(15 * 1024);
    const text = code.toString('utf8');
    expect(text).not.toMatch(/\brequire\(|\bimport\s*\(|^import\s/m);
    for (const s of ['/public/v1/kb/', '/search', '/public/v1/support/', '/tickets', 'widget', 'aria-modal', 'Escape', 'Contact us', 'Hubungi kami', 'website']) expect(text).toContain(s);
    expect(text).not.toMatch(/document\.cookie|localStorage|sessionStorage/);
  });

  it('is loaded by the consent snippet only on data-help="true", and the snippet keeps its budget', () => {
    const { code } = buildSnippet();
    expect(gzipSync(code).length).toBeLessThan(15 * 1024);
    const text = code.toString('utf8');
    expect(text).toContain('data-help');
    expect(text).toContain('/widget.js');
    // The widget itself is not inside the banner's file.
    expect(text).not.toContain('Hubungi kami');
  });
});

describe('help widget route', () => {
  let ta: TestApp;
  beforeAll(async () => {
    ta = await createTestApp('sqlite');
  });
  afterAll(async () => ta.close());

  it('serves /widget.js to any site, with a validator', async () => {
    const res = await ta.app.inject({ method: 'GET', url: '/widget.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/javascript');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const again = await ta.app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });
});
