import { z } from 'zod';
import { email } from '../../http/schemas.js';
import { T, type Lang } from './portal-text.js';
import type { FieldProblem } from './portal-html.js';

/** Shapes of the public support endpoints and the portal's forms. */
export const ticketInput = z.object({
  email,
  name: z.string().trim().max(200).optional(),
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(20_000),
  locale: z.enum(['en', 'id']).optional(),
  website: z.string().max(500).optional().describe('Honeypot: people leave it empty'),
  source: z.enum(['portal', 'widget']).optional().describe('Where the form was: the portal page (default) or the help widget'),
});
export type TicketInput = z.infer<typeof ticketInput>;
export const ticketAnswer = z.object({ id: z.string(), number: z.number().int() });

export const magicLinkInput = z.object({ email, locale: z.enum(['en', 'id']).optional() });
export const accepted = z.object({ status: z.literal('accepted') });

export const replyInput = z.object({ body: z.string().trim().min(1).max(20_000) });

/** zod's problems as the page shows them, in the page's language. */
export function pageProblems(error: z.ZodError, lang: Lang, prefix = ''): FieldProblem[] {
  const t = T[lang];
  return error.issues.map((i) => {
    const name = String(i.path[0] ?? '');
    let message: string = t.requiredField;
    if (i.code === 'too_big' && typeof i.maximum === 'number') message = t.tooLong(i.maximum);
    else if (name === 'email' && i.code !== 'too_small' && i.code !== 'invalid_type') message = t.badEmail;
    return { field: `${prefix}${name}`, message };
  });
}

/** Form posts carry strings; empty ones mean "not given". */
export function formValues(body: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v === '' ? undefined : v;
  return out;
}
