import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeFake, type StripeFake } from '../src/modules/billing/fakes/stripe-fake.js';
import { launchBrowser, logInPage, newContext, registerVerified, repoRoot, screenshotDir, startServer, type TestServer } from './harness.js';

const stamp = Date.now();
const owner = { name: 'Bima Pemilik', email: `bima.${stamp}@example.com`, company: 'Toko Bima', password: 'correct horse battery staple' };
const operator = { email: `ops.${stamp}@example.com`, password: 'operator passphrase 1' };

let server: TestServer;
let stripe: StripeFake;
const STRIPE = { secretKey: 'sk_test_e2e_billing', webhookSecret: 'whsec_e2e_billing' };
let browser: Browser;
let context: BrowserContext;

/** The CLI writes to the server's own SQLite file: no database URL of this process leaks in. */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'BASE_URL', 'TEST_DATABASE_URL']) delete env[k];
  return env;
}

async function login(email: string, password: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

describe('Settings → Billing: the owner starts a trial, saves billing details and sees the plan', () => {
  beforeAll(async () => {
    stripe = await startStripeFake(STRIPE);
    server = await startServer({ env: { STRIPE_API_BASE: stripe.base, STRIPE_SECRET_KEY: STRIPE.secretKey, STRIPE_WEBHOOK_SECRET: STRIPE.webhookSecret } });
    await promisify(execFile)(process.execPath, ['bin/kodepos.mjs', 'admin', 'create', '--email', operator.email, '--password', operator.password, '--name', 'Ops'], { cwd: repoRoot, env: { ...cliEnv(), DATA_DIR: server.dataDir } });
    const ops = await login(operator.email, operator.password);
    const plan = await fetch(`${server.baseUrl}/api/v1/platform/billing/plans`, {
      method: 'POST',
      headers: { cookie: ops, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'tim', name: 'Tim', prices: { IDR: 500_000_00, USD: 30_00 }, seatPrices: { IDR: 50_000_00, USD: 5_00 }, seatsIncluded: 3, interval: 'month' }),
    });
    expect(plan.status).toBe(201);
    await registerVerified(server, owner);
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await stripe?.close();
  });

  it('subscribes to a trial and saves billing details', async () => {
    const page = await context.newPage();
    await logInPage(page, owner.email, owner.password);
    await page.goto('/settings/billing');
    await page.getByRole('heading', { name: 'Billing', level: 1 }).waitFor();
    await page.getByText('This workspace has no subscription yet.').waitFor();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText('Trial', { exact: true }).waitFor();
    await page.getByLabel('Company or name').fill('PT Toko Bima');
    await page.getByLabel('Address').fill('Jl. Merdeka 1, Bandung');
    await page.getByLabel('Country (two letters, e.g. ID or US)').fill('ID');
    await page.getByLabel('Billing email').fill(`tagihan.${stamp}@example.com`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved').first().waitFor();
    const cookie = await login(owner.email, owner.password);
    const details = (await (await fetch(`${server.baseUrl}/api/v1/billing/details`, { headers: { cookie } })).json()) as { details: { company: string; country: string } };
    expect(details.details).toMatchObject({ company: 'PT Toko Bima', country: 'ID' });
    const sub = (await (await fetch(`${server.baseUrl}/api/v1/billing/subscription`, { headers: { cookie } })).json()) as { subscription: { status: string } };
    expect(sub.subscription.status).toBe('trial');
  });

  it('shows the card on file after "Update payment method" saves one on Stripe, and the account credit', async () => {
    const page = await context.newPage();
    await page.goto('/settings/billing');
    await page.getByRole('heading', { name: 'Payment method and credit' }).waitFor();
    await page.getByText('No payment method on file yet: it appears after the first payment.').waitFor();
    await page.getByText('No account credit.').waitFor();
    // The button opens Stripe's hosted page (here the fake's URL): a Checkout Session in setup mode.
    await page.getByRole('button', { name: 'Update payment method' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${stripe.base}/c/pay/cs_test_`));
    const session = [...stripe.sessions.values()].find((s) => s.mode === 'setup');
    expect(session).toBeDefined();
    expect(stripe.requests.find((r) => r.path === '/v1/checkout/sessions')?.form).toMatchObject({ mode: 'setup', currency: 'usd' });
    // Stripe confirms with a signed checkout.session.completed event; the platform reads the card back from Stripe.
    const ev = stripe.completeSetup(session!.id);
    const hook = await fetch(`${server.baseUrl}/public/v1/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': ev.header }, body: ev.payload });
    expect(hook.status).toBe(200);
    expect(await hook.json()).toEqual({ received: true, outcome: 'payment_method_updated' });
    await page.goto('/settings/billing?payment_method=updated');
    await page.getByText('Visa •••• 4242, expires 12/2030').waitFor();
    await page.getByText('Last used with Stripe').waitFor();
    await page.getByRole('button', { name: 'Change card' }).waitFor();
    await page.getByText('No account credit.').waitFor();
    await page.getByText('$30.00 a month').waitFor();
    await page.screenshot({ path: join(screenshotDir, 'billing-settings.png'), fullPage: true });
  });
});
