import type { AppContext } from '../../context.js';
import { badRequest } from '../../http/errors.js';
import { open, seal } from '../../lib/secretbox.js';
import { brevoClient, mailchimpBaseUrl, mailchimpClient, type EmailClient } from './clients-email.js';
import { ga4Client, linkedinClient, metaClient, type AdsClient, type Ga4Client } from './clients-ads.js';
import type { HttpOptions } from './http-client.js';
import type { ConnectionRow } from './repo.js';
import type { ConnectBody } from './schema.js';
import type { Provider } from './tables.js';
import { urlProblem } from './webhooks-service.js';

/**
 * A connection's settings and credentials, and the provider client built from them. Credentials
 * are sealed with AES-256-GCM under the app secret, like TOTP seeds and webhook secrets; only the
 * job or request that uses them opens them, and no answer carries them.
 */
const SECRET_PURPOSE = 'integration-credentials';

export type Settings = Record<string, string | number>;

export interface Split {
  settings: Settings;
  secrets: Record<string, string>;
  audienceId: string;
}

/** Splits the connect body into what may be shown and what is sealed. */
export function split(body: ConnectBody): Split {
  const { provider: _p, ...rest } = body;
  const secrets: Record<string, string> = {};
  const settings: Settings = {};
  for (const [k, v] of Object.entries(rest)) {
    if (v === undefined) continue;
    if (k === 'apiKey' || k === 'apiSecret' || k === 'accessToken') secrets[k] = String(v);
    else settings[k] = v;
  }
  const audienceId = body.provider === 'mailchimp' || body.provider === 'brevo' ? String(body.listId) : body.provider === 'google_analytics' ? body.measurementId : body.provider === 'meta' ? body.audienceId : body.segmentId;
  return { settings, secrets, audienceId };
}

export function checkBaseUrl(ctx: AppContext, body: ConnectBody): void {
  const problems: { field: string; message: string }[] = [];
  if (body.baseUrl) {
    const p = urlProblem(ctx.config.env, body.baseUrl);
    if (p) problems.push({ field: 'body.baseUrl', message: p });
  }
  if (body.provider === 'mailchimp' && !body.baseUrl) {
    try {
      mailchimpBaseUrl(body.apiKey);
    } catch (err) {
      problems.push({ field: 'body.apiKey', message: (err as Error).message });
    }
  }
  if (problems.length > 0) throw badRequest('validation_failed', 'The connection settings cannot be used', problems);
}

export const sealSecrets = (ctx: AppContext, s: Record<string, string>): string => seal(ctx.secret, SECRET_PURPOSE, JSON.stringify(s));

export function settingsOf(row: Pick<ConnectionRow, 'config'>): Settings {
  return JSON.parse(row.config) as Settings;
}

/** Settings and opened credentials of a live connection. */
export function credentials(ctx: AppContext, row: ConnectionRow): Record<string, string | number> {
  if (!row.secret) throw new Error('the connection has no credentials (disconnected)');
  return { ...settingsOf(row), ...(JSON.parse(open(ctx.secret, SECRET_PURPOSE, row.secret)) as Record<string, string>) };
}

type ClientOpts = Pick<HttpOptions, 'sleep' | 'backoffMs' | 'attempts'>;
/** Retry pacing of the clients; tests shorten it. */
export const clientOptions: ClientOpts = {};

const str = (v: string | number | undefined): string | undefined => (v === undefined ? undefined : String(v));

export function emailClient(ctx: AppContext, row: ConnectionRow): EmailClient {
  const c = credentials(ctx, row);
  if (row.provider === 'mailchimp') return mailchimpClient({ apiKey: String(c.apiKey), listId: String(c.listId), baseUrl: str(c.baseUrl) }, clientOptions);
  if (row.provider === 'brevo') return brevoClient({ apiKey: String(c.apiKey), listId: Number(c.listId), baseUrl: str(c.baseUrl) }, clientOptions);
  throw new Error(`${row.provider} is no email tool`);
}

export function adsClient(ctx: AppContext, row: ConnectionRow): AdsClient {
  const c = credentials(ctx, row);
  if (row.provider === 'meta') return metaClient({ accessToken: String(c.accessToken), audienceId: String(c.audienceId), pixelId: str(c.pixelId), apiVersion: str(c.apiVersion), baseUrl: str(c.baseUrl) }, clientOptions);
  if (row.provider === 'linkedin') return linkedinClient({ accessToken: String(c.accessToken), segmentId: String(c.segmentId), conversionId: str(c.conversionId), version: str(c.version), baseUrl: str(c.baseUrl) }, clientOptions);
  throw new Error(`${row.provider} is no ads tool`);
}

export function gaClient(ctx: AppContext, row: ConnectionRow): Ga4Client {
  const c = credentials(ctx, row);
  return ga4Client({ measurementId: String(c.measurementId), apiSecret: String(c.apiSecret), baseUrl: str(c.baseUrl) }, clientOptions);
}

export const EMAIL_PROVIDERS: readonly Provider[] = ['mailchimp', 'brevo'];
export const ADS_PROVIDERS: readonly Provider[] = ['meta', 'linkedin'];

/** The credentials test call made before a connection is saved. */
export async function testConnection(ctx: AppContext, row: ConnectionRow): Promise<void> {
  if (EMAIL_PROVIDERS.includes(row.provider)) return emailClient(ctx, row).test();
  if (ADS_PROVIDERS.includes(row.provider)) return adsClient(ctx, row).test();
  return gaClient(ctx, row).test();
}
