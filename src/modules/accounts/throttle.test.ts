import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../lib/clock.js';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { PASSWORD, expectError, login } from '../workspaces/test-support.js';

describe.each(testDialects)('login throttling on %s', (dialect) => {
  let ta: TestApp;
  const users = ['ani@example.com', 'bayu@example.com', 'citra@example.com', 'dewi@example.com'];

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    for (const email of users) await signUp(ta, { email });
  });
  afterAll(async () => {
    await ta.close();
  });

  it('locks an account after 5 wrong passwords: the 6th attempt is 429 even with the right password, until 15 minutes pass', async () => {
    const email = users[0]!;
    for (let i = 0; i < 5; i++) {
      // Different addresses, so only the per-account limit can be what locks.
      expectError(await login(ta, email, 'wrong password!', { ip: `10.2.0.${i + 1}` }), 401, 'invalid_credentials');
    }
    const locked = await login(ta, email, PASSWORD, { ip: '10.2.1.1' });
    expectError(locked, 429, 'too_many_attempts');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(json<{ error: { details: { retryAfterSeconds: number } } }>(locked).error.details.retryAfterSeconds).toBe(retryAfter);
    // Other accounts are unaffected.
    expect((await login(ta, users[1]!, PASSWORD, { ip: '10.2.1.1' })).statusCode).toBe(200);
    ta.clock.advance(10 * MINUTE);
    expectError(await login(ta, email, PASSWORD, { ip: '10.2.1.2' }), 429, 'too_many_attempts');
    ta.clock.advance(6 * MINUTE);
    expect((await login(ta, email, PASSWORD, { ip: '10.2.1.3' })).statusCode).toBe(200);
  });

  it('forgets failures after a successful login and after the 15-minute window', async () => {
    const email = users[1]!;
    for (let i = 0; i < 4; i++) await login(ta, email, 'wrong password!', { ip: '10.3.0.1' });
    expect((await login(ta, email, PASSWORD, { ip: '10.3.0.1' })).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await login(ta, email, 'wrong password!', { ip: '10.3.0.2' });
    ta.clock.advance(16 * MINUTE);
    for (let i = 0; i < 4; i++) await login(ta, email, 'wrong password!', { ip: '10.3.0.3' });
    expect((await login(ta, email, PASSWORD, { ip: '10.3.0.4' })).statusCode).toBe(200);
  });

  it('counts concurrent attempts: a burst of wrong passwords cannot get more than 5 guesses', async () => {
    const email = users[2]!;
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => login(ta, email, `wrong password ${i}`, { ip: `10.4.0.${i + 1}` })));
    const statuses = burst.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
    expectError(await login(ta, email, PASSWORD, { ip: '10.4.1.1' }), 429, 'too_many_attempts');
    ta.clock.advance(16 * MINUTE);
  });

  it('limits one IP address across many accounts (20 failures), leaving other addresses free', async () => {
    const ip = '10.5.0.1';
    for (let i = 0; i < 20; i++) {
      expectError(await login(ta, `stranger${i}@example.com`, 'wrong password!', { ip }), 401, 'invalid_credentials');
    }
    const blocked = await login(ta, users[3]!, PASSWORD, { ip });
    expectError(blocked, 429, 'too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(ta, users[3]!, PASSWORD, { ip: '10.5.0.2' })).statusCode).toBe(200);
    ta.clock.advance(16 * MINUTE);
    expect((await login(ta, users[3]!, PASSWORD, { ip })).statusCode).toBe(200);
  });

  it('keeps no email address or IP in the throttle table', async () => {
    const rows = await ta.ctx.db.k.selectFrom('login_throttle').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    const text = JSON.stringify(rows);
    for (const e of users) expect(text).not.toContain(e);
    expect(text).not.toMatch(/10\.\d+\.\d+\.\d+/);
  });
});
