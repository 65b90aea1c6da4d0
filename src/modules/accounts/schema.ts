import { z } from 'zod';
import { email } from '../../http/schemas.js';

export const password = z.string().min(10, 'at least 10 characters').max(200);
const phone = z
  .string()
  .max(40)
  .regex(/^\+?[0-9 ().-]{6,}$/, 'a phone number such as +62 21 5678 4321');
const name = z.string().trim().min(1).max(200);

export const registerBody = z.object({
  name,
  email,
  password,
  company: z.string().trim().min(1).max(200).optional(),
  phone: phone.optional(),
  birthDate: z.iso.date().optional(),
  ageConfirmed: z.unknown().optional().describe('Must be true: the person confirms they are 18 or older'),
  locale: z.enum(['en', 'id']).optional(),
  invitationToken: z.string().min(10).max(200).optional(),
});

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  locale: z.string(),
  emailVerified: z.boolean(),
  twoFactorEnabled: z.boolean(),
  isPlatformOperator: z.boolean(),
  deletionScheduledAt: z.string().nullable(),
  restricted: z.boolean().describe('Processing restricted at the person’s request: the profile is read-only except for the privacy officer'),
  createdAt: z.string(),
});

export const workspaceSummary = z.object({ id: z.string(), name: z.string(), role: z.string() });

export const tokenBody = z.object({ token: z.string().min(10).max(200) });
export const emailBody = z.object({ email });
export const loginBody = z.object({ email: z.string().max(254), password: z.string().max(200), totp: z.string().max(40).optional() });
export const resetConfirmBody = z.object({ token: z.string().min(10).max(200), password });
export const profilePatch = z.object({ name: name.optional(), phone: phone.nullable().optional(), locale: z.enum(['en', 'id']).optional() });
export const codeBody = z.object({ code: z.string().min(6).max(12) });
export const passwordBody = z.object({ password: z.string().max(200) });
