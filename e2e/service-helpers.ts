import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, newContext, screenshotDir, signIn, startServer, verifyEmail, type OutboxMail, type TestServer } from './harness.js';

export const agent = {
  name: 'Sari Support',
  email: 'sari@service-e2e.example',
  password: 'correct horse battery',
  company: 'Toko Bantuan',
};

/** One server, one browser and one signed-up agent for the helpdesk tests. */
export class Desk {
  server!: TestServer;
  browser!: Browser;
  cookie = '';
  workspaceId = '';
  private readonly contexts: BrowserContext[] = [];

  async start(): Promise<void> {
    this.server = await startServer();
    this.browser = await launchBrowser();
    await this.signUp();
  }

  async stop(): Promise<void> {
    for (const c of this.contexts) await c.close();
    await this.browser.close();
    await this.server.stop();
  }

  async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.server.baseUrl}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-workspace-id': this.workspaceId,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  private async post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async signUp(): Promise<void> {
    expect((await this.post('/api/v1/auth/register', { ...agent, ageConfirmed: true })).status).toBe(201);
    await verifyEmail(this.server, agent.email);
    this.cookie = await signIn(this.server, agent.email, agent.password);
    const me = await this.api<{ workspaces: { id: string }[] }>('GET', '/api/v1/me');
    this.workspaceId = me.workspaces[0]?.id ?? '';
    expect(this.workspaceId).not.toBe('');
  }

  async newPage(signedIn: boolean): Promise<Page> {
    const context = await newContext(this.browser, this.server.baseUrl);
    this.contexts.push(context);
    if (signedIn) {
      const [name, value] = this.cookie.split('=');
      await context.addCookies([{ name: name ?? '', value: value ?? '', url: this.server.baseUrl }]);
    }
    return context.newPage();
  }

  /** The whole outbox mail (headers, attachments), which the harness's summary leaves out. */
  async parsed(mail: OutboxMail): Promise<ParsedMail> {
    return simpleParser(await readFile(join(this.server.dataDir, 'outbox', mail.file)));
  }

  async headersOf(mail: OutboxMail): Promise<{ messageId: string; inReplyTo: string; references: string[] }> {
    const parsed = await this.parsed(mail);
    const refs = parsed.references;
    return {
      messageId: parsed.messageId ?? '',
      inReplyTo: parsed.inReplyTo ?? '',
      references: refs === undefined ? [] : Array.isArray(refs) ? refs : [refs],
    };
  }

  async shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(screenshotDir, `service-${name}.png`), fullPage: true });
  }
}
