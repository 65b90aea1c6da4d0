import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';
import { call, expectError } from '../workspaces/test-support.js';
import { form, inputs, page, publicTicket, text, type Owner } from './portal-test-support.js';

interface Report {
  responses: number;
  average: number | null;
  distribution: Record<string, number>;
  rate: number | null;
  sent: number;
  recent: { ticketId: string; number: number; rating: number | null; comment: string | null }[];
}

describe.each(testDialects)('satisfaction surveys (%s)', (dialect) => {
  let ta: TestApp;
  let a: Owner;
  let b: Owner;

  async function solve(id: string): Promise<void> {
    const res = await call(ta, 'PATCH', `/api/v1/tickets/${id}`, a, { status: 'solved' });
    expect(res.statusCode, res.body).toBe(200);
    await ta.drain();
  }
  const surveyMails = async (to: string) => (await ta.outbox()).filter((m) => m.to.includes(to) && /\/csat\/[0-9a-f]{64}/.test(m.text));

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    a = await signUp(ta, { email: 'csat-a@example.com' });
    b = await signUp(ta, { email: 'csat-b@example.com' });
  });
  afterAll(async () => ta.close());

  it('mails one survey per solved ticket in its language; the link asks, the POST records once', async () => {
    const t = await publicTicket(ta, a.workspaceId, { email: 'dewi@example.com', subject: 'Pesanan terlambat', body: 'Halo', locale: 'id' });
    await solve(t.id);
    const mails = await surveyMails('dewi@example.com');
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail?.subject).toContain(`#${t.number}`);
    expect(mail?.text).toContain('Sangat baik');
    const links = [...(mail?.text.matchAll(/(https?:\/\/\S+\/csat\/[0-9a-f]{64})\?rating=([1-5])/g) ?? [])];
    expect(links.map((l) => l[2])).toEqual(['1', '2', '3', '4', '5']);
    const path = new URL(links[3]?.[1] ?? '').pathname;
    expect(mail?.html.match(/href="[^"]+\/csat\/[0-9a-f]{64}\?rating=[1-5]"/g)).toHaveLength(5);

    // A scanner fetching every link records nothing.
    for (const l of links) expect((await page(ta, `${new URL(l[1] ?? '').pathname}?rating=${l[2]}`)).statusCode).toBe(200);
    const shown = await page(ta, `${path}?rating=4`);
    expect(shown.body).toContain('<html lang="id">');
    expect(shown.body).toMatch(/value="4" checked/);
    expect(json<Report>(await call(ta, 'GET', '/api/v1/service/reports/csat', a)).responses).toBe(0);

    expect((await form(ta, path, { rating: '9' })).statusCode).toBe(400);
    const ok = await form(ta, path, { ...inputs(shown.body), rating: '4', comment: 'Cepat, terima kasih' });
    expect(ok.statusCode).toBe(200);
    expect(text(ok.body)).toContain('Terima kasih atas penilaian Anda');
    const again = await form(ta, path, { rating: '1' });
    expect(again.statusCode).toBe(409);
    expect(text((await page(ta, path)).body)).toContain('sudah dijawab');
    expect((await page(ta, `/support/${a.workspaceId}/csat/${'0'.repeat(64)}`)).statusCode).toBe(404);
    expect((await page(ta, `/support/${b.workspaceId}${path.slice(path.indexOf('/csat/'))}`)).statusCode).toBe(404);

    // Re-opened and solved again: still one survey.
    expect((await call(ta, 'PATCH', `/api/v1/tickets/${t.id}`, a, { status: 'open' })).statusCode).toBe(200);
    await solve(t.id);
    expect(await surveyMails('dewi@example.com')).toHaveLength(1);

    const report = json<Report>(await call(ta, 'GET', '/api/v1/service/reports/csat', a));
    expect(report).toMatchObject({ responses: 1, average: 4, rate: 1, sent: 1, distribution: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 } });
    expect(report.recent).toEqual([expect.objectContaining({ ticketId: t.id, number: t.number, rating: 4, comment: 'Cepat, terima kasih' })]);
    expect(json<Report>(await call(ta, 'GET', '/api/v1/service/reports/csat', b))).toMatchObject({ responses: 0, average: null, rate: null });
  });

  it('surveys a later solve when the first was undone before its job ran', async () => {
    const t = await publicTicket(ta, a.workspaceId, { email: 'fajar@example.com', subject: 'Undo', body: 'x' });
    expect((await call(ta, 'PATCH', `/api/v1/tickets/${t.id}`, a, { status: 'solved' })).statusCode).toBe(200);
    expect((await call(ta, 'PATCH', `/api/v1/tickets/${t.id}`, a, { status: 'open' })).statusCode).toBe(200);
    await ta.drain();
    expect(await surveyMails('fajar@example.com')).toHaveLength(0);
    ta.clock.advance(60_000);
    await solve(t.id);
    expect(await surveyMails('fajar@example.com')).toHaveLength(1);
  });

  it('sends nothing while surveys are turned off', async () => {
    expect((await call(ta, 'PATCH', '/api/v1/service/settings', a, { csatEnabled: false })).statusCode).toBe(200);
    const t = await publicTicket(ta, a.workspaceId, { email: 'eko@example.com', subject: 'Off', body: 'x' });
    await solve(t.id);
    expect(await surveyMails('eko@example.com')).toHaveLength(0);
    expect((await call(ta, 'PATCH', '/api/v1/service/settings', a, { csatEnabled: true })).statusCode).toBe(200);
  });

  it('validates the report range', async () => {
    expectError(await call(ta, 'GET', '/api/v1/service/reports/csat?from=2026-02-30', a), 400, 'validation_failed');
    expectError(await call(ta, 'GET', '/api/v1/service/reports/csat?from=2026-03-02&to=2026-03-01', a), 400, 'validation_failed');
    expectError(await call(ta, 'GET', '/api/v1/service/reports/csat?from=yesterday', a), 400, 'validation_failed');
    const r = json<{ from: string; to: string }>(await call(ta, 'GET', '/api/v1/service/reports/csat?from=2026-01-01&to=2026-01-31', a));
    expect(r).toMatchObject({ from: '2026-01-01', to: '2026-01-31' });
  });
});
