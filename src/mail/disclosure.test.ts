import { describe, expect, it } from 'vitest';
import { countingMailer, type MailFlowBatch } from './disclosure.js';
import type { Mailer, MailMessage } from './mailer.js';

function fakeMailer(): Mailer & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    send: (m: MailMessage) => {
      if (m.to.startsWith('refused@')) return Promise.reject(new Error('550'));
      sent.push(m.to);
      return Promise.resolve({ messageId: `<${sent.length}@test>` });
    },
    close: () => undefined,
  };
}

const mail = (to: string, over: Partial<MailMessage> = {}): MailMessage => ({ to, subject: 's', text: 't', category: 'transactional', ...over });

describe('counting outgoing mail for the disclosure log', () => {
  it('hands nothing over per mail: one batch per workspace and purpose on flush, counting distinct recipients', async () => {
    const batches: MailFlowBatch[][] = [];
    let t = Date.parse('2026-05-01T10:00:00Z');
    const m = countingMailer(fakeMailer(), (b) => Promise.resolve(void batches.push(b)), { now: () => new Date((t += 1000)) });
    await m.send(mail('a@x.example', { workspaceId: 'ws_1' }));
    await m.send(mail('A@x.example ', { workspaceId: 'ws_1' }));
    await m.send(mail('b@x.example', { workspaceId: 'ws_1' }));
    await m.send(mail('c@x.example', { workspaceId: 'ws_1', category: 'promotion' }));
    await m.send(mail('d@x.example'));
    await expect(m.send(mail('refused@x.example', { workspaceId: 'ws_1' }))).rejects.toThrow('550');
    expect(batches).toEqual([]);
    await m.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual([
      { workspaceId: 'ws_1', purpose: 'service', subjects: 2, firstAt: '2026-05-01T10:00:01.000Z', lastAt: '2026-05-01T10:00:03.000Z' },
      { workspaceId: 'ws_1', purpose: 'marketing', subjects: 1, firstAt: '2026-05-01T10:00:04.000Z', lastAt: '2026-05-01T10:00:04.000Z' },
      { workspaceId: null, purpose: 'service', subjects: 1, firstAt: '2026-05-01T10:00:05.000Z', lastAt: '2026-05-01T10:00:05.000Z' },
    ]);
    await m.flush();
    expect(batches).toHaveLength(1);
    m.close();
  });

  it('hands a group over when it reaches the size limit, and the rest after the time window', async () => {
    const batches: MailFlowBatch[][] = [];
    const m = countingMailer(fakeMailer(), (b) => Promise.resolve(void batches.push(b)), { maxSubjects: 3, flushMs: 20 });
    for (const n of [1, 2, 3, 4]) await m.send(mail(`p${n}@x.example`, { workspaceId: 'ws_2' }));
    await new Promise((r) => setTimeout(r, 5));
    expect(batches.map((b) => b.map((x) => x.subjects))).toEqual([[3]]);
    await new Promise((r) => setTimeout(r, 60));
    expect(batches.map((b) => b.map((x) => x.subjects))).toEqual([[3], [1]]);
    m.close();
  });

  it('a failing hand-over is reported and does not break sending', async () => {
    const errors: unknown[] = [];
    const m = countingMailer(fakeMailer(), () => Promise.reject(new Error('db down')), { onError: (e) => void errors.push(e) });
    await m.send(mail('q@x.example'));
    await m.flush();
    expect(errors).toHaveLength(1);
    await expect(m.send(mail('r@x.example'))).resolves.toMatchObject({ messageId: expect.any(String) as string });
    m.close();
  });
});
