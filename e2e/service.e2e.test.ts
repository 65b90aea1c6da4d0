import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './harness.js';
import { agent, Desk } from './service-helpers.js';

/**
 * The helpdesk in Chromium: a requester opens a ticket on the customer portal, the agent finds it
 * in the inbox, writes an internal note (never mailed) and a public reply (mailed, threaded under
 * the acknowledgement); the requester's answer by email carries In-Reply-To, comes in through the
 * raw-MIME endpoint and lands in the same ticket's thread.
 */

const requester = { name: 'Rudi Pelanggan', email: 'rudi@pelanggan-e2e.example' };
const desk = new Desk();

describe('service helpdesk', () => {
  let ticketId = '';
  let ticketNumber = 0;

  beforeAll(() => desk.start());
  afterAll(() => desk.stop());

  it('a portal ticket reaches the inbox, the reply is mailed and the emailed answer threads back', async () => {
    // The requester, signed out, on the workspace's customer portal.
    const portal = await desk.newPage(false);
    await portal.goto(`/support/${desk.workspaceId}`);
    await portal
      .getByLabel(/Your email address/)
      .first()
      .fill(requester.email);
    await portal.getByLabel(/Your name/).fill(requester.name);
    await portal.getByLabel(/^Subject/).fill('Pesanan belum sampai');
    await portal.getByLabel(/How can we help/).fill('Pesanan saya #A-1001 belum sampai setelah seminggu.');
    await portal.getByRole('button', { name: 'Send request' }).click();
    // With matching help articles the portal shows them first and asks again.
    const sent = portal.getByText(/Your request #\d+ was received/);
    const anyway = portal.getByRole('button', { name: 'Send my request anyway' });
    await sent.or(anyway).first().waitFor();
    if (await anyway.isVisible()) await anyway.click();
    await sent.waitFor();
    await desk.shot(portal, 'portal-submitted');

    // The agent's inbox lists it, with the requester and an SLA column.
    const page = await desk.newPage(true);
    await page.goto('/service/tickets');
    await page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
    const link = page.getByRole('link', { name: 'Pesanan belum sampai' });
    await link.waitFor();
    await page.getByRole('row', { name: /Pesanan belum sampai.*Rudi Pelanggan/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await desk.shot(page, 'inbox');
    // The tabs count what each working view holds: the new ticket is nobody's yet.
    await page.getByRole('tab', { name: 'Unassigned 1' }).waitFor();
    await page.getByRole('tab', { name: 'Unassigned' }).click();
    await link.waitFor();

    await link.click();
    await page.getByRole('heading', { name: 'Pesanan belum sampai', level: 1 }).waitFor();
    ticketId = page.url().split('/').pop() ?? '';
    const detail = await desk.api<{ number: number; channel: string; messages: unknown[] }>(
      'GET',
      `/api/v1/tickets/${ticketId}`,
    );
    ticketNumber = detail.number;
    expect(detail.channel).toBe('portal');
    await page.getByTestId('thread-reply').filter({ hasText: 'belum sampai setelah seminggu' }).waitFor();
    await page.getByRole('link', { name: 'Open contact record' }).waitFor();

    // An internal note: yellow, labelled, and never mailed.
    await page.getByText('Internal note', { exact: true }).first().click();
    await page.getByRole('textbox', { name: 'Internal note' }).fill('Cek dengan kurir JNE dulu.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByTestId('thread-note').filter({ hasText: 'Cek dengan kurir JNE dulu.' });
    await note.waitFor();
    await note.getByText('Internal note').waitFor();

    // A public reply goes to the requester.
    await page.getByText('Reply', { exact: true }).first().click();
    await page.getByLabel(`Reply to ${requester.email}`).fill('Halo Rudi, paket Anda sedang dalam perjalanan.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByTestId('thread-reply').filter({ hasText: 'paket Anda sedang dalam perjalanan' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await desk.shot(page, 'ticket');

    const reply = await desk.server.waitForMail(
      (m) => m.to.includes(requester.email) && m.text.includes('paket Anda sedang dalam perjalanan'),
    );
    expect(reply.subject).toContain(`#${ticketNumber}`);
    const replyHeaders = await desk.headersOf(reply);
    expect(replyHeaders.messageId).toMatch(/^<.+@.+>$/);
    // Threaded under the acknowledgement the requester got when the ticket was opened.
    const ack = (await desk.server.readOutbox()).find((m) => m.to.includes(requester.email) && m.file !== reply.file);
    if (!ack) throw new Error('no acknowledgement mail for the portal ticket');
    expect(ack.subject).toContain(`#${ticketNumber}`);
    expect(replyHeaders.references).toContain((await desk.headersOf(ack)).messageId);
    const mails = await desk.server.readOutbox();
    expect(mails.some((m) => m.text.includes('kurir JNE') || m.html.includes('kurir JNE'))).toBe(false);

    // The requester answers from their mail client; the mail comes in as raw MIME.
    const settings = await desk.api<{ inboundToken: string }>('GET', '/api/v1/service/settings');
    const raw = [
      `From: ${requester.name} <${requester.email}>`,
      `To: support+${settings.inboundToken}@support.example`,
      `Subject: Re: ${reply.subject}`,
      `Date: ${new Date().toUTCString()}`,
      'Message-ID: <balasan-rudi-1@pelanggan-e2e.example>',
      `In-Reply-To: ${replyHeaders.messageId}`,
      `References: ${[...replyHeaders.references, replyHeaders.messageId].join(' ')}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Terima kasih, paketnya sudah saya terima hari ini.',
      '',
      `> Halo Rudi, paket Anda sedang dalam perjalanan.`,
      '',
    ].join('\r\n');
    const inbound = await fetch(`${desk.server.baseUrl}/public/v1/service/inbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${settings.inboundToken}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    expect(inbound.status).toBe(202);
    const result = (await inbound.json()) as { ticketId: string; created: boolean };
    expect(result).toMatchObject({ ticketId, created: false });

    await page.reload();
    await page.getByTestId('thread-reply').filter({ hasText: 'paketnya sudah saya terima' }).waitFor();
    await desk.shot(page, 'ticket-threaded');
  });

  it('inserts a canned response with the ticket filled in, and raises a privacy request from the ticket', async () => {
    await desk.api('POST', '/api/v1/service/canned-responses', {
      title: 'Salam',
      body: 'Halo {{requester.name}}, tiket #{{ticket.number}} sudah kami terima.',
      shortcut: 'salam',
    });
    const page = await desk.newPage(true);
    await page.goto(`/service/tickets/${ticketId}`);
    await page.getByRole('heading', { name: 'Pesanan belum sampai', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Insert canned response' }).click();
    await page.getByRole('option', { name: /Salam/ }).click();
    await expect
      .poll(() => page.getByLabel(`Reply to ${requester.email}`).inputValue())
      .toBe(`Halo ${requester.name}, tiket #${ticketNumber} sudah kami terima.`);

    // Files: a type the server refuses is named in an error; an accepted one goes with the reply.
    const fileInput = page.locator('input[type="file"]');
    await fileInput.setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/x-msdownload',
      buffer: Buffer.from('MZ'),
    });
    await page.getByRole('alert').filter({ hasText: 'setup.exe is not an accepted file type' }).waitFor();
    await fileInput.setInputFiles({ name: 'resi.txt', mimeType: 'text/plain', buffer: Buffer.from('JNE 1234567890') });
    await page.getByRole('button', { name: 'Remove resi.txt' }).waitFor();
    await page.getByRole('button', { name: 'Send reply' }).click();
    const withFile = page.getByTestId('thread-reply').filter({ hasText: 'sudah kami terima' });
    await withFile.getByRole('button', { name: /resi\.txt/ }).waitFor();
    const mailed = await desk.server.waitForMail(
      (m) => m.to.includes(requester.email) && m.text.includes('sudah kami terima'),
    );
    const parsed = await desk.parsed(mailed);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['resi.txt']);

    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Raise privacy request' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Raise request' }).click();
    await page.getByText('The privacy request was opened.').waitFor();
  });

  it('an agent opens a ticket for a caller and merges it into the earlier one', async () => {
    const page = await desk.newPage(true);
    await page.goto('/service/tickets');
    await page.getByRole('button', { name: 'New ticket' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Requester email').fill(requester.email);
    await dialog.getByLabel('Requester name').fill(requester.name);
    await dialog.getByLabel('Subject').fill('Telepon: paket belum sampai');
    await dialog.getByLabel('Description').fill('Pelanggan menelepon soal paket yang sama.');
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByRole('heading', { name: 'Telepon: paket belum sampai', level: 1 }).waitFor();
    const created = await desk.api<{ channel: string }>('GET', `/api/v1/tickets/${page.url().split('/').pop() ?? ''}`);
    expect(created.channel).toBe('agent');

    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Merge into another ticket' }).click();
    await page.getByRole('dialog').getByLabel('Find the ticket by number or subject').fill(`#${ticketNumber}`);
    await page.getByRole('radio', { name: new RegExp(`#${ticketNumber} · Pesanan belum sampai`) }).check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByRole('heading', { name: 'Pesanan belum sampai', level: 1 }).waitFor();
    expect(page.url()).toContain(`/service/tickets/${ticketId}`);
    await page.getByTestId('thread-reply').filter({ hasText: 'Pelanggan menelepon soal paket yang sama.' }).waitFor();
  });

  it('speaks Bahasa Indonesia', async () => {
    const page = await desk.newPage(true);
    await page.goto('/service/tickets');
    await page.evaluate("localStorage.setItem('kodepos.language', 'id')");
    await page.reload();
    await page.getByRole('heading', { name: 'Tiket', level: 1 }).waitFor();
    await page.getByRole('tab', { name: 'Segera melewati SLA' }).waitFor();
    await page.getByRole('link', { name: 'Pesanan belum sampai' }).click();
    await page.getByRole('button', { name: 'Kirim balasan' }).waitFor();
    await page.getByTestId('thread-note').first().getByText('Catatan internal').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await desk.shot(page, 'ticket-id');
  });

  it('business hours and an SLA policy set in settings give new tickets due times, shown in the inbox', async () => {
    const page = await desk.newPage(true);
    await page.goto('/settings/service?tab=sla');
    await page.getByRole('button', { name: 'New calendar' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Kantor Jakarta');
    await dialog.getByRole('checkbox', { name: 'Saturday' }).check();
    await dialog.getByLabel('Saturday closes at').fill('13:00');
    await dialog.getByLabel('Date').fill('2026-12-24');
    await dialog.getByLabel('Day-off name').fill('Cuti bersama');
    await dialog.getByRole('button', { name: 'Add day off' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page
      .getByRole('row', { name: /Kantor Jakarta\s+Asia\/Jakarta\s+Mon–Fri 09:00–17:00 · Sat 09:00–13:00\s+ID, \+1/ })
      .waitFor();

    await page.getByRole('button', { name: 'New policy' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Standar');
    await dialog.getByRole('combobox', { name: 'Calendar' }).click();
    await page.getByRole('option', { name: 'Kantor Jakarta' }).click();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('row', { name: /Standar\s+Default\s+Kantor Jakarta/ }).waitFor();
    await desk.shot(page, 'settings-sla-filled');

    const created = await desk.api<{ id: string; sla: { policyId: string | null; firstResponseDueAt: string | null } }>(
      'POST',
      '/api/v1/tickets',
      {
        subject: 'Tidak bisa masuk',
        body: 'Akun saya terkunci.',
        requesterEmail: 'tono@pelanggan-e2e.example',
        priority: 'urgent',
      },
    );
    expect(created.sla.policyId).not.toBeNull();
    expect(created.sla.firstResponseDueAt).not.toBeNull();
    await page.goto('/service/tickets');
    await page.getByRole('row', { name: /Tidak bisa masuk.*Urgent.*(left · first reply|Overdue)/ }).waitFor();
    await page.goto(`/service/tickets/${created.id}`);
    await page.getByTestId('sla-panel').getByText('First reply due').waitFor();
  });

  it('knowledge base: a category, an article previewed and published, and its Bahasa Indonesia version', async () => {
    const page = await desk.newPage(true);
    await page.goto('/service/kb');
    await page.getByRole('button', { name: 'New category' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name (English)').fill('Shipping');
    await dialog.getByLabel('Name (Bahasa Indonesia)').fill('Pengiriman');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('row', { name: /Shipping\s+Pengiriman\s+shipping/ }).waitFor();

    await page.getByRole('link', { name: 'New article' }).click();
    await page.getByLabel('Title').fill('Track your order');
    await page.getByRole('combobox', { name: 'Category' }).click();
    await page.getByRole('option', { name: 'Shipping' }).click();
    await page.getByLabel('Article (Markdown)').fill('## Where is my parcel\n\nOpen **Orders** and choose *Track*.');
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.getByTestId('kb-preview').getByRole('heading', { name: 'Where is my parcel' }).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('heading', { name: 'Track your order', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Unpublish' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await desk.shot(page, 'kb-article');

    await page.getByRole('link', { name: 'Write the Bahasa Indonesia version' }).click();
    await page.getByRole('heading', { name: 'New article', level: 1 }).waitFor();
    await page.getByLabel('Title').fill('Lacak pesanan Anda');
    await page.getByLabel('Article (Markdown)').fill('## Di mana paket saya\n\nBuka **Pesanan** lalu pilih *Lacak*.');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('heading', { name: 'Lacak pesanan Anda', level: 1 }).waitFor();
    await page.getByRole('link', { name: /^EN: / }).waitFor();

    const help = await fetch(`${desk.server.baseUrl}/help/${desk.workspaceId}/id/lacak-pesanan-anda`);
    expect(help.status).toBe(200);
    expect(await help.text()).toContain('Di mana paket saya');
    await page.goto('/service/kb?locale=id');
    await page.getByRole('row', { name: /Lacak pesanan Anda.*ID.*Shipping.*Published/ }).waitFor();
  });

  it('solving a ticket sends the satisfaction survey; the answer shows on the ticket and in the report', async () => {
    const page = await desk.newPage(true);
    await page.goto(`/service/tickets/${ticketId}`);
    await page.getByRole('button', { name: 'Mark solved' }).click();
    await page.getByRole('button', { name: 'Mark solved' }).waitFor({ state: 'detached' });
    const survey = await desk.server.waitForMail(
      (m) => m.to.includes(requester.email) && /\/csat\/[^\s"'<>?]+/.test(m.text || m.html),
    );
    const link = /(\/support\/[^\s"'<>?]+\/csat\/[^\s"'<>?]+)/.exec(survey.text || survey.html)?.[1] ?? '';
    const answer = await fetch(`${desk.server.baseUrl}${link}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ rating: '5', comment: 'Cepat dan ramah' }).toString(),
    });
    expect(answer.status).toBe(200);
    await page.reload();
    await page.getByTestId('csat-card').getByText('Rated 5 of 5').waitFor();
    await page.getByTestId('csat-card').getByText('Cepat dan ramah').waitFor();
    await page.goto('/service/reports');
    await page.getByRole('heading', { name: 'Recent comments' }).waitFor();
    await page.getByText('“Cepat dan ramah”').waitFor();
  });

  it('teams, canned responses and the inbound token are managed in settings', async () => {
    const page = await desk.newPage(true);
    await page.goto('/settings/service?tab=teams');
    await page.getByRole('button', { name: 'New team' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Tim Pengiriman');
    await dialog.getByLabel('Members').click();
    await page.getByRole('option', { name: agent.name }).click();
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).click();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('row', { name: /Tim Pengiriman\s+Sari Support/ }).waitFor();

    await page.getByRole('tab', { name: 'Canned responses' }).click();
    await page.getByRole('button', { name: 'New canned response' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Title', exact: true }).fill('Penutup');
    await dialog.getByRole('textbox', { name: 'Shortcut' }).fill('tutup');
    await dialog.getByRole('textbox', { name: 'Text' }).fill('Terima kasih, {{requester.name}}.');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('row', { name: /Penutup\s+\/tutup/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'General' }).click();
    const before = await desk.api<{ inboundToken: string }>('GET', '/api/v1/service/settings');
    await page
      .getByRole('textbox', { name: 'Inbound token' })
      .and(page.locator(`[value="${before.inboundToken}"]`))
      .waitFor();
    await page.getByRole('button', { name: 'Rotate token' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate token' }).click();
    await expect
      .poll(async () => (await desk.api<{ inboundToken: string }>('GET', '/api/v1/service/settings')).inboundToken)
      .not.toBe(before.inboundToken);
    const after = await desk.api<{ inboundToken: string }>('GET', '/api/v1/service/settings');
    await page
      .getByRole('textbox', { name: 'Inbound token' })
      .and(page.locator(`[value="${after.inboundToken}"]`))
      .waitFor();
  });

  it('settings, knowledge base and reports render without accessibility violations', async () => {
    const page = await desk.newPage(true);
    for (const [path, heading, name] of [
      ['/settings/service', 'Service settings', 'settings'],
      ['/settings/service?tab=sla', 'Service settings', 'settings-sla'],
      ['/service/kb', 'Knowledge base', 'kb'],
      ['/service/reports', 'Service reports', 'reports'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page)).toEqual([]);
      await desk.shot(page, name);
    }
  });
});
