import { z } from 'zod';
import { ANALYTICS_MODES } from './tables.js';

/** Request and answer schemas of the analytics ingestion and settings routes (API.md, issue 5). */

/** Client-made random ids (the visitor id cookie, the page view id): URL-safe, long enough not to be guessed. */
const RANDOM_ID = /^[A-Za-z0-9_-]{16,64}$/;
const randomId = z.string().regex(RANDOM_ID, 'must be 16–64 characters of A–Z, a–z, 0–9, _ or -');

export const EVENT_KINDS = ['pageview', 'heartbeat', 'feature'] as const;

export const eventBody = z
  .object({
    workspaceId: z.string().min(1).max(100).optional().describe("The workspace whose site sends it; absent: the platform's own site"),
    visitorId: randomId.optional().describe('The kodepos_vid cookie; counts only while the visitor has analytics consent on this site'),
    type: z.enum(EVENT_KINDS),
    // Whether it is an http(s) URL is checked by the handler, which parses it once for both purposes.
    url: z.string().min(1).max(8192).describe('The page address (http or https); only host, path and utm_* tags are kept'),
    referrer: z.string().max(8192).optional().describe('document.referrer; only host and path are kept'),
    pageId: randomId.describe('Random id of this page view; heartbeats name the page view they add time to'),
    engagedMs: z.number().int().min(0).max(86_400_000).optional().describe('Heartbeat: visible time since the last one (the server counts at most 60 s)'),
    feature: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1–100 characters of A–Z, a–z, 0–9, _ . : or -').optional().describe('Feature events: a name like contacts.import'),
    timeZone: z.string().regex(/^[A-Za-z0-9_+\-/]{1,64}$/, 'must be an IANA time zone name').optional(),
  })
  .superRefine((v, issue) => {
    if (v.type === 'feature' && v.feature === undefined) issue.addIssue({ code: 'custom', path: ['feature'], message: 'is required for feature events' });
  });
export type EventInput = z.infer<typeof eventBody>;

export const eventAnswer = z.object({ recorded: z.boolean().describe('false: dropped (a bot, or the site counts no visitors without consent)') });

export const settingsAnswer = z.object({ mode: z.enum(ANALYTICS_MODES), retentionMonths: z.number().int() });

export const settingsPatch = z.object({
  mode: z.enum(ANALYTICS_MODES).optional().describe('hash: visitors without analytics consent are counted by a daily salted hash; none: not at all'),
  retentionMonths: z.number().int().min(1).max(120).optional().describe('Months raw events are kept; then only daily aggregates'),
});
