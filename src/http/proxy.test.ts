import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createTestApp, json, type TestApp } from '../test/app.js';

const base = { NODE_ENV: 'test', DATA_DIR: '/tmp/kodepos-proxy-test' } as const;

describe('TRUST_PROXY', () => {
  it('reads false, true, a number of hops, or a list of addresses and ranges; refuses anything else', () => {
    expect(loadConfig({ ...base }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'everyone; drop table' })).toThrow(/TRUST_PROXY/);
  });

  describe('the client address behind a proxy', () => {
    let ta: TestApp | undefined;
    afterEach(async () => {
      await ta?.close();
      ta = undefined;
    });
    const consentIp = async (app: TestApp): Promise<string | null> => {
      const res = await app.app.inject({
        method: 'POST',
        url: '/public/v1/consent',
        headers: { 'x-forwarded-for': '203.0.113.77' },
        payload: { purposes: { analytics: true, marketing: false, personalization: false, ads: false }, source: 'banner' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const { visitorId } = json<{ visitorId: string }>(res);
      const row = await app.ctx.db.k.selectFrom('consent_records').select('ip_truncated').where('visitor_id', '=', visitorId).executeTakeFirstOrThrow();
      return row.ip_truncated;
    };

    it('is the socket address unless the proxy is trusted, then the forwarded one (truncated as ever)', async () => {
      ta = await createTestApp('sqlite');
      expect(await consentIp(ta)).toBe('127.0.0.0');
      await ta.close();
      ta = await createTestApp('sqlite', { trustProxy: ['127.0.0.1'] });
      expect(await consentIp(ta)).toBe('203.0.113.0');
    });
  });
});
