import { requestJson, type HttpOptions } from './http-client.js';

/**
 * Analytics and ads: GA4 Measurement Protocol, Meta Marketing API (custom audiences and the
 * Conversions API) and LinkedIn Marketing API (DMP segments and conversion events). Emails reach
 * Meta and LinkedIn only as SHA-256 of the normalised address (hashing.ts).
 */
type Opts = Pick<HttpOptions, 'sleep' | 'backoffMs' | 'attempts'>;

export interface Conversion {
  /** Our id for the event, so the provider drops duplicates. */
  eventId: string;
  name: string;
  /** ISO time it happened. */
  at: string;
  emailSha256: string;
  value?: number | undefined;
  currency?: string | undefined;
}

export interface AdsClient {
  test(): Promise<void>;
  addUsers(hashes: string[]): Promise<void>;
  removeUsers(hashes: string[]): Promise<void>;
  sendConversions(events: Conversion[]): Promise<void>;
}

// ---- Google Analytics 4 Measurement Protocol -----------------------------------------------------

export interface Ga4Config {
  measurementId: string;
  apiSecret: string;
  /** Default https://www.google-analytics.com */
  baseUrl?: string | undefined;
}

export interface Ga4Event {
  name: string;
  params: Record<string, string | number>;
  timestampMicros: number;
}

export interface Ga4Consent {
  ad_user_data: 'GRANTED' | 'DENIED';
  ad_personalization: 'GRANTED' | 'DENIED';
}

export interface Ga4Client {
  /** Sends one event to the validation server, which answers with validation messages. */
  test(): Promise<void>;
  send(clientId: string, events: Ga4Event[], consent: Ga4Consent): Promise<void>;
}

/** The Measurement Protocol takes at most 25 events per request. */
export const GA4_MAX_EVENTS = 25;

export function ga4Client(cfg: Ga4Config, opts: Opts = {}): Ga4Client {
  const base = (cfg.baseUrl ?? 'https://www.google-analytics.com').replace(/\/$/, '');
  const q = new URLSearchParams({ measurement_id: cfg.measurementId, api_secret: cfg.apiSecret }).toString();
  return {
    async test() {
      const r = await requestJson<{ validationMessages?: { description: string; validationCode: string }[] }>('POST', `${base}/debug/mp/collect?${q}`, {}, { client_id: 'kodepos.connection_test', events: [{ name: 'connection_test', params: {} }] }, { provider: 'google_analytics', ...opts });
      const first = r.body.validationMessages?.[0];
      if (first) throw new Error(`google_analytics: ${first.validationCode}`);
    },
    async send(clientId, events, consent) {
      for (let i = 0; i < events.length; i += GA4_MAX_EVENTS) {
        const chunk = events.slice(i, i + GA4_MAX_EVENTS);
        await requestJson('POST', `${base}/mp/collect?${q}`, {}, {
          client_id: clientId,
          timestamp_micros: chunk[0]?.timestampMicros,
          consent,
          events: chunk.map((e) => ({ name: e.name, params: { ...e.params, timestamp_micros: e.timestampMicros } })),
        }, { provider: 'google_analytics', ...opts });
      }
    },
  };
}

// ---- Meta ----------------------------------------------------------------------------------------

export interface MetaConfig {
  accessToken: string;
  audienceId: string;
  pixelId?: string | undefined;
  apiVersion?: string | undefined;
  /** Default https://graph.facebook.com */
  baseUrl?: string | undefined;
}

/** Meta takes up to 10,000 users per custom-audience request. */
const META_BATCH = 10_000;

export function metaClient(cfg: MetaConfig, opts: Opts = {}): AdsClient {
  const base = `${(cfg.baseUrl ?? 'https://graph.facebook.com').replace(/\/$/, '')}/${cfg.apiVersion ?? 'v21.0'}`;
  const headers = { Authorization: `Bearer ${cfg.accessToken}` };
  const call = <T>(method: string, path: string, body?: unknown) => requestJson<T>(method, `${base}${path}`, headers, body, { provider: 'meta', ...opts });
  const users = async (method: 'POST' | 'DELETE', hashes: string[]) => {
    for (let i = 0; i < hashes.length; i += META_BATCH) {
      await call(method, `/${encodeURIComponent(cfg.audienceId)}/users`, { payload: { schema: 'EMAIL_SHA256', data: hashes.slice(i, i + META_BATCH) } });
    }
  };
  return {
    async test() {
      await call('GET', `/${encodeURIComponent(cfg.audienceId)}?fields=id,name`);
    },
    addUsers: (h) => users('POST', h),
    removeUsers: (h) => users('DELETE', h),
    async sendConversions(events) {
      if (!cfg.pixelId) throw new Error('meta: no pixel id configured for conversions');
      for (let i = 0; i < events.length; i += 1000) {
        await call('POST', `/${encodeURIComponent(cfg.pixelId)}/events`, {
          data: events.slice(i, i + 1000).map((e) => ({
            event_name: e.name,
            event_time: Math.floor(Date.parse(e.at) / 1000),
            event_id: e.eventId,
            action_source: 'system_generated',
            user_data: { em: [e.emailSha256] },
            ...(e.value !== undefined ? { custom_data: { value: e.value, currency: e.currency ?? 'IDR' } } : {}),
          })),
        });
      }
    },
  };
}

// ---- LinkedIn ------------------------------------------------------------------------------------

export interface LinkedInConfig {
  accessToken: string;
  /** DMP segment id. */
  segmentId: string;
  /** Conversion rule id, for conversion events. */
  conversionId?: string | undefined;
  /** LinkedIn-Version header, YYYYMM. */
  version?: string | undefined;
  /** Default https://api.linkedin.com/rest */
  baseUrl?: string | undefined;
}

const LINKEDIN_BATCH = 5000;

export function linkedinClient(cfg: LinkedInConfig, opts: Opts = {}): AdsClient {
  const base = (cfg.baseUrl ?? 'https://api.linkedin.com/rest').replace(/\/$/, '');
  const headers = { Authorization: `Bearer ${cfg.accessToken}`, 'LinkedIn-Version': cfg.version ?? '202411', 'X-Restli-Protocol-Version': '2.0.0' };
  const call = <T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => requestJson<T>(method, `${base}${path}`, { ...headers, ...extra }, body, { provider: 'linkedin', ...opts });
  const users = async (action: 'ADD' | 'REMOVE', hashes: string[]) => {
    for (let i = 0; i < hashes.length; i += LINKEDIN_BATCH) {
      await call('POST', `/dmpSegments/${encodeURIComponent(cfg.segmentId)}/users`, { elements: hashes.slice(i, i + LINKEDIN_BATCH).map((h) => ({ action, userIds: [{ idType: 'SHA256_EMAIL', idValue: h }] })) }, { 'X-RestLi-Method': 'BATCH_CREATE' });
    }
  };
  return {
    async test() {
      await call('GET', `/dmpSegments/${encodeURIComponent(cfg.segmentId)}`);
    },
    addUsers: (h) => users('ADD', h),
    removeUsers: (h) => users('REMOVE', h),
    async sendConversions(events) {
      if (!cfg.conversionId) throw new Error('linkedin: no conversion rule configured');
      const rule = `urn:lla:llaPartnerConversion:${cfg.conversionId}`;
      for (let i = 0; i < events.length; i += LINKEDIN_BATCH) {
        await call('POST', '/conversionEvents', {
          elements: events.slice(i, i + LINKEDIN_BATCH).map((e) => ({
            conversion: rule,
            conversionHappenedAt: Date.parse(e.at),
            eventId: e.eventId,
            user: { userIds: [{ idType: 'SHA256_EMAIL', idValue: e.emailSha256 }] },
            ...(e.value !== undefined ? { conversionValue: { currencyCode: e.currency ?? 'IDR', amount: String(e.value) } } : {}),
          })),
        }, { 'X-RestLi-Method': 'BATCH_CREATE' });
      }
    },
  };
}
