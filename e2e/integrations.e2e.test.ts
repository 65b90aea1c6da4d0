import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrevoFake, type BrevoFake } from '../src/modules/integrations/fakes/brevo.js';
import { axeViolations, launchBrowser, logInPage, newContext, registerVerified, startServer, type TestServer } from './harness.js';

const stamp = Date.now();
const owner = { name: 'Intan Pemilik', email: `intan.${stamp}@example.com`, company: 'Toko Intan', password: 'correct horse battery staple' };

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let brevo: BrevoFake;

describe('Settings → Integrations: the owner connects Brevo, runs a sync and sees the webhook at work', () => {
  beforeAll(async () => {
    brevo = await startBrevoFake();
    server = await startServer();
    await registerVerified(server, owner);
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await brevo?.close();
  });

  it('connects with a credentials test, shows the status and the sync history, with no axe violations', async () => {
    const page = await context.newPage();
    await logInPage(page, owner.email, owner.password);
    await page.goto('/settings/integrations');
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    const card = page.locator('.mantine-Card-root', { has: page.getByRole('heading', { name: 'Brevo' }) });
    await card.getByRole('button', { name: 'Connect' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('API key').fill('wrong-key-123');
    await dialog.getByLabel('List (audience) ID').fill(String(brevo.listId));
    await dialog.getByLabel(/API base URL/).fill(brevo.url);
    await dialog.getByRole('button', { name: 'Test and connect' }).click();
    await page.getByText(/refused the credentials/).waitFor();
    await dialog.getByLabel('API key').fill(brevo.apiKey);
    await dialog.getByRole('button', { name: 'Test and connect' }).click();
    await card.getByText('Connected', { exact: true }).waitFor();
    // Connecting registered the webhook at Brevo: shown, with no event yet.
    await card.getByText('Registered: unsubscribes, bounces and complaints arrive at once').waitFor();
    await card.getByText('Last event received: Never').waitFor();
    await card.getByRole('button', { name: 'Sync now' }).click();
    await card.getByText('Send list').waitFor({ timeout: 30_000 });

    // Brevo calls the webhook it was given, with the secret it was given; a wrong secret is refused.
    const [hook] = [...brevo.webhooks.values()];
    if (!hook?.auth) throw new Error('Brevo has no webhook');
    expect(hook.url.startsWith(`${server.baseUrl}/public/v1/integrations/brevo/`)).toBe(true);
    const deliver = (token: string) => fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ event: 'hard_bounce', email: `gone.${stamp}@example.com`, camp_id: 1 }) });
    expect((await deliver('forged-secret')).status).toBe(401);
    const ok = await deliver(hook.auth.token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: 1, applied: 1, ignored: 0 });

    // Reloaded, so the toasts are gone: the page itself is what is checked.
    await page.reload();
    await card.getByText('Send list').waitFor();
    await card.getByText(/^Last event received: (?!Never)/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);
});
