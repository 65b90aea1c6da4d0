import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { crossSiteHeaders, registerSecurityHeaders } from './headers.js';

describe('security headers by route', () => {
  it('gives cross-site routes their set by path, everything else the full set', async () => {
    const app = Fastify();
    registerSecurityHeaders(app, { 'x-frame-options': 'DENY' }, crossSiteHeaders(false));
    app.post('/beacon', { config: { securityHeaders: 'cross-site' } }, async () => ({ ok: true }));
    app.get('/page', async () => ({ ok: true }));
    const beacon = await app.inject({ method: 'POST', url: '/beacon?x=1', payload: {} });
    expect(beacon.headers['access-control-allow-origin']).toBe('*');
    expect(beacon.headers['x-frame-options']).toBeUndefined();
    const page = await app.inject({ method: 'GET', url: '/page' });
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
  });

  it('refuses a cross-site route with path parameters, which its path could never match', () => {
    const app = Fastify();
    registerSecurityHeaders(app, {}, crossSiteHeaders(false));
    expect(() => app.post('/beacon/:site', { config: { securityHeaders: 'cross-site' } }, async () => ({}))).toThrow(/without parameters/);
  });
});
