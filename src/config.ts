import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  BASE_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Kodepos <no-reply@sales.kodepos.co.id>'),
  TLS_CERT: z.string().optional(),
  TLS_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret for signing links and encrypting stored secrets; generated into DATA_DIR when absent. */
  APP_SECRET: z.string().min(32).optional(),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  JOBS: boolish.default(true),
  OPERATOR_NAME: z.string().default('Kodepos Digital Solutions'),
  OPERATOR_EMAIL: z.string().email().default('privacy@sales.kodepos.co.id'),
  /** Port of the built-in SMTP listener for service mail (support+<token>@… and OPERATOR_EMAIL); off when unset. */
  SERVICE_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SERVICE_SMTP_HOST: z.string().default('0.0.0.0'),
  /** Domain of the support+<token>@… reply address and of our Message-IDs; BASE_URL's host when unset. */
  SERVICE_INBOUND_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i, 'a domain name').optional(),
  /** Analytics events accepted per client address per minute (a page sends a view and a heartbeat every few seconds). */
  ANALYTICS_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
  /**
   * Which proxies may tell the client address (X-Forwarded-For): `false` (default, the socket's
   * address counts), `true` (any: only when nothing can reach the app but the proxy), a number of
   * hops, or a comma-separated list of addresses and CIDR ranges (e.g. `127.0.0.1,10.0.0.0/8`).
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, 'true, false, a number of hops, or addresses/CIDR ranges separated by commas')
    .optional(),
  /** Billing: invoice number prefix (KDP-2026-000123), PPN rate for Indonesian customers, tax for US customers. */
  BILLING_INVOICE_PREFIX: z.string().regex(/^[A-Z0-9]{1,10}$/, 'capital letters and digits').default('KDP'),
  BILLING_TAX_ID: z.string().regex(/^(none|\d{1,2}(\.\d{1,2})?)$/, 'none or a percentage').default('11'),
  BILLING_TAX_US: z.string().regex(/^(none|\d{1,2}(\.\d{1,2})?)$/, 'none or a percentage').default('none'),
  STRIPE_API_BASE: z.string().url().default('https://api.stripe.com'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  MIDTRANS_IS_PRODUCTION: boolish.default(false),
  MIDTRANS_API_BASE: z.string().url().optional(),
  MIDTRANS_SNAP_BASE: z.string().url().optional(),
  MIDTRANS_SERVER_KEY: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Schema to use on PostgreSQL (tests isolate themselves in their own schema). */
  pgSchema: string | undefined;
  baseUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  tls: { cert: string; key: string } | undefined;
  logLevel: Env['LOG_LEVEL'];
  appSecret: string | undefined;
  sessionTtlDays: number;
  jobs: boolean;
  operator: { name: string; email: string };
  analyticsRateLimit: number;
  /** Built-in SMTP listener for service mail; undefined when SERVICE_SMTP_PORT is unset. */
  serviceSmtp: { port: number; host: string } | undefined;
  serviceInboundDomain: string | undefined;
  /** Fastify's trustProxy: decides req.ip, which rate limits, truncated IPs in consent records and analytics use. */
  trustProxy: boolean | number | string[];
  billing: BillingConfig;
}

/** Billing and the payment providers (card data stays with them: Checkout and Snap are hosted pages). */
export interface BillingConfig {
  invoicePrefix: string;
  /** Tax per customer country in basis points; null = no tax. */
  taxId: number | null;
  taxUs: number | null;
  stripe: { apiBase: string; secretKey: string | undefined; webhookSecret: string | undefined };
  midtrans: { isProduction: boolean; apiBase: string; snapBase: string; serverKey: string | undefined };
}

const basisPoints = (v: string): number | null => (v === 'none' ? null : Math.round(Number(v) * 100));

function trustProxy(v: string | undefined): boolean | number | string[] {
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((a) => a.trim());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  if ((e.TLS_CERT && !e.TLS_KEY) || (!e.TLS_CERT && e.TLS_KEY)) {
    throw new Error('Invalid configuration: TLS_CERT and TLS_KEY must be set together');
  }
  const tls = e.TLS_CERT && e.TLS_KEY ? { cert: resolve(e.TLS_CERT), key: resolve(e.TLS_KEY) } : undefined;
  // Checked here so a typo stops start-up with the variable's name, not an ENOENT from deep in the server.
  const missing = tls && (['cert', 'key'] as const).find((k) => !existsSync(tls[k]));
  if (tls && missing) {
    throw new Error(
      `Invalid configuration: TLS_${missing.toUpperCase()} names a file that does not exist: ${tls[missing]}`,
    );
  }
  const scheme = tls ? 'https' : 'http';
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    pgSchema: undefined,
    baseUrl: (e.BASE_URL ?? `${scheme}://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    tls,
    logLevel: e.LOG_LEVEL,
    appSecret: e.APP_SECRET,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    jobs: e.JOBS,
    operator: { name: e.OPERATOR_NAME, email: e.OPERATOR_EMAIL },
    analyticsRateLimit: e.ANALYTICS_RATE_LIMIT,
    serviceSmtp: e.SERVICE_SMTP_PORT === undefined ? undefined : { port: e.SERVICE_SMTP_PORT, host: e.SERVICE_SMTP_HOST },
    serviceInboundDomain: e.SERVICE_INBOUND_DOMAIN?.toLowerCase(),
    trustProxy: trustProxy(e.TRUST_PROXY),
    billing: {
      invoicePrefix: e.BILLING_INVOICE_PREFIX,
      taxId: basisPoints(e.BILLING_TAX_ID),
      taxUs: basisPoints(e.BILLING_TAX_US),
      stripe: { apiBase: e.STRIPE_API_BASE.replace(/\/$/, ''), secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET },
      midtrans: {
        isProduction: e.MIDTRANS_IS_PRODUCTION,
        apiBase: (e.MIDTRANS_API_BASE ?? (e.MIDTRANS_IS_PRODUCTION ? 'https://api.midtrans.com' : 'https://api.sandbox.midtrans.com')).replace(/\/$/, ''),
        snapBase: (e.MIDTRANS_SNAP_BASE ?? (e.MIDTRANS_IS_PRODUCTION ? 'https://app.midtrans.com' : 'https://app.sandbox.midtrans.com')).replace(/\/$/, ''),
        serverKey: e.MIDTRANS_SERVER_KEY,
      },
    },
    ...overrides,
  };
}
