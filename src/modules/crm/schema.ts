import { z } from 'zod';

/** Shapes of the CRM API (contacts, companies, custom fields, views). */
export const LIFECYCLE_STAGES = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'evangelist', 'other'] as const;

const text = (max = 200) => z.string().trim().max(max);
const phoneStr = z.string().trim().max(40).regex(/^\+?[0-9 ().-]{6,}$/, 'a phone number such as +62 812 3456 7890');
const tags = z.array(z.string().trim().min(1).max(50)).max(50);

export const addressSchema = z.object({
  line1: text().nullable().optional(),
  line2: text().nullable().optional(),
  city: text(100).nullable().optional(),
  region: text(100).nullable().optional(),
  postalCode: text(20).nullable().optional(),
  country: z.string().trim().length(2).toUpperCase().nullable().optional().describe('ISO 3166-1 alpha-2'),
});

export const contactInput = z.object({
  firstName: text(100).nullable().optional(),
  lastName: text(100).nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  emails: z.array(z.object({ email: z.email().max(254), label: text(30).optional() })).max(10).optional(),
  phone: phoneStr.nullable().optional(),
  phones: z.array(z.object({ phone: phoneStr, label: text(30).optional() })).max(10).optional(),
  title: text().nullable().optional(),
  companyId: z.string().max(100).nullable().optional(),
  companyIds: z.array(z.string().max(100)).max(50).optional(),
  address: addressSchema.optional(),
  timeZone: text(64).nullable().optional(),
  locale: text(16).nullable().optional(),
  source: text(100).nullable().optional(),
  ownerId: z.string().max(100).nullable().optional(),
  tags: tags.optional(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
  customFields: z.record(z.string().max(64), z.unknown()).optional(),
});
export type ContactInput = z.infer<typeof contactInput>;

export const contactView = z.object({
  id: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  name: z.string(),
  email: z.string().nullable(),
  emails: z.array(z.object({ email: z.string(), label: z.string().optional() })),
  phone: z.string().nullable(),
  phones: z.array(z.object({ phone: z.string(), label: z.string().optional() })),
  title: z.string().nullable(),
  companyId: z.string().nullable(),
  companyIds: z.array(z.string()),
  address: z.object({ line1: z.string().nullable(), line2: z.string().nullable(), city: z.string().nullable(), region: z.string().nullable(), postalCode: z.string().nullable(), country: z.string().nullable() }),
  timeZone: z.string().nullable(),
  locale: z.string().nullable(),
  source: z.string().nullable(),
  ownerId: z.string().nullable(),
  tags: z.array(z.string()),
  lifecycleStage: z.string(),
  customFields: z.record(z.string(), z.unknown()),
  restricted: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactView = z.infer<typeof contactView>;

export const listParams = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  q: z.string().max(500).optional(),
  filter: z.string().max(10_000).optional().describe('JSON array of {field, op, value}; op: eq, neq, contains, starts_with, gt, gte, lt, lte, in, is_empty, is_not_empty; custom fields as custom.<key>'),
  sort: z.string().max(100).optional().describe('field:asc or field:desc'),
  view: z.string().max(100).optional().describe('a saved view id: its filters and sort apply'),
});

export const customFieldInput = z.object({
  object: z.enum(['contact', 'company', 'deal']),
  key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _'),
  label: text(100).min(1),
  type: z.enum(['text', 'number', 'date', 'select', 'multi_select', 'boolean', 'url', 'email', 'phone', 'currency']),
  options: z.array(text(100).min(1)).max(200).optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export const customFieldPatch = z.object({
  label: text(100).min(1).optional(),
  options: z.array(text(100).min(1)).max(200).optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});

export const companyInput = z.object({
  name: text().min(1).optional(),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a domain such as example.co.id')
    .nullable()
    .optional(),
  industry: text(100).nullable().optional(),
  size: z.enum(['1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+']).nullable().optional(),
  phone: phoneStr.nullable().optional(),
  address: addressSchema.optional(),
  ownerId: z.string().max(100).nullable().optional(),
  tags: tags.optional(),
  customFields: z.record(z.string().max(64), z.unknown()).optional(),
});
export type CompanyInput = z.infer<typeof companyInput>;

export const companyView = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  size: z.string().nullable(),
  phone: z.string().nullable(),
  address: contactView.shape.address,
  ownerId: z.string().nullable(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.unknown()),
  contactCount: z.number().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CompanyView = z.infer<typeof companyView>;
