import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, signUp, type TestApp } from '../../test/app.js';
import { testDialects } from '../../test/db.js';

interface Stage {
  id: string;
  name: string;
  kind: string;
  probability: number;
}
interface Pipeline {
  id: string;
  stages: Stage[];
}
interface Deal {
  id: string;
  stageId: string;
  status: string;
  amount: number;
  currency: string;
  closedAt: string | null;
  contactIds: string[];
}

describe.each(testDialects)('pipelines and deals on %s', (dialect) => {
  let ta: TestApp;
  let cookie: string;
  let pipeline: Pipeline;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    ta.app.inject({ method, url, payload: payload as Record<string, unknown> | undefined, headers: { cookie } });

  beforeAll(async () => {
    ta = await createTestApp(dialect);
    cookie = (await signUp(ta, { email: 'sales@toko.example' })).cookie;
    const list = json<{ data: Pipeline[] }>(await call('GET', '/api/v1/pipelines'));
    pipeline = list.data[0]!;
  });
  afterAll(async () => {
    await ta?.close();
  });

  it('creates a default pipeline with ordered stages, won and lost', () => {
    expect(pipeline.stages.map((s) => s.kind)).toEqual(['open', 'open', 'open', 'open', 'won', 'lost']);
    expect(pipeline.stages.map((s) => s.probability)).toEqual([10, 25, 50, 75, 100, 0]);
  });

  it('moves a deal through stages with a history and closes it when won', async () => {
    const contact = json<{ id: string }>(await call('POST', '/api/v1/contacts', { firstName: 'Rina' }));
    const res = await call('POST', '/api/v1/deals', { name: 'ERP rollout', amount: 150000000, currency: 'IDR', expectedCloseDate: '2027-02-15', contactIds: [contact.id] });
    expect(res.statusCode).toBe(201);
    const deal = json<Deal>(res);
    expect(deal.stageId).toBe(pipeline.stages[0]!.id);
    expect(deal.contactIds).toEqual([contact.id]);
    const moved = json<Deal>(await call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: pipeline.stages[2]!.id }));
    expect(moved.stageId).toBe(pipeline.stages[2]!.id);
    const won = json<Deal>(await call('POST', `/api/v1/deals/${deal.id}/move`, { stageId: pipeline.stages[4]!.id }));
    expect(won.status).toBe('won');
    expect(won.closedAt).not.toBeNull();
    const history = json<{ data: { toStageId: string }[] }>(await call('GET', `/api/v1/deals/${deal.id}/stage-history`));
    expect(history.data.map((h) => h.toStageId)).toEqual([pipeline.stages[0]!.id, pipeline.stages[2]!.id, pipeline.stages[4]!.id]);
    const tl = json<{ data: { kind: string }[] }>(await call('GET', `/api/v1/deals/${deal.id}/timeline`));
    expect(tl.data.filter((e) => e.kind === 'stage_changed')).toHaveLength(2);
  });

  it('weights the forecast by stage probability per currency and month', async () => {
    await call('POST', '/api/v1/deals', { name: 'A', amount: 1000, currency: 'USD', expectedCloseDate: '2027-03-10', stageId: pipeline.stages[2]!.id });
    await call('POST', '/api/v1/deals', { name: 'B', amount: 2000, currency: 'USD', expectedCloseDate: '2027-03-20', stageId: pipeline.stages[3]!.id });
    const dash = json<{ forecast: { month: string; currency: string; weighted: number; total: number }[]; pipelineByStage: { stageId: string; amount: number; currency: string }[]; wonLostByMonth: { won: number }[] }>(
      await call('GET', '/api/v1/dashboard/sales'),
    );
    const march = dash.forecast.find((f) => f.month === '2027-03' && f.currency === 'USD');
    expect(march).toMatchObject({ weighted: 2000, total: 3000 });
    const proposal = dash.pipelineByStage.find((s) => s.stageId === pipeline.stages[2]!.id && s.currency === 'USD');
    expect(proposal?.amount).toBe(1000);
    expect(dash.wonLostByMonth.reduce((n, m) => n + m.won, 0)).toBe(1);
  });

  it('refuses stages of another pipeline, foreign contacts and unknown currencies', async () => {
    const other = json<Pipeline>(await call('POST', '/api/v1/pipelines', { name: 'Partners' }));
    const bad = await call('POST', '/api/v1/deals', { name: 'X', pipelineId: pipeline.id, stageId: other.stages[0]!.id });
    expect(bad.statusCode).toBe(400);
    const foreign = await call('POST', '/api/v1/deals', { name: 'X', contactIds: ['ct_nope'] });
    expect(json<{ error: { code: string; details: { field: string }[] } }>(foreign).error.details[0]?.field).toBe('body.contactIds');
    expect((await call('POST', '/api/v1/deals', { name: 'X', currency: 'EUR' })).statusCode).toBe(400);
  });

  it('will not drop a stage that still holds deals', async () => {
    const stages = pipeline.stages.filter((s) => s.id !== pipeline.stages[2]!.id).map((s) => ({ id: s.id, name: s.name, probability: s.probability, kind: s.kind }));
    const res = await call('PATCH', `/api/v1/pipelines/${pipeline.id}`, { stages });
    expect(res.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(res).error.code).toBe('stage_in_use');
  });
});
