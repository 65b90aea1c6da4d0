import { z } from 'zod';
import { email } from '../../http/schemas.js';
import { ROLES, SCOPES } from './roles.js';

export const workspacePatch = z.object({ name: z.string().trim().min(1).max(200).optional(), require2fa: z.boolean().optional() });
export const createWorkspaceBody = z.object({ name: z.string().trim().min(1).max(200), dataRegion: z.enum(['ID', 'US']).optional() });
export const inviteBody = z.object({ email, role: z.enum(ROLES) });
export const roleBody = z.object({ role: z.enum(ROLES) });
export const acceptBody = z.object({ token: z.string().min(10).max(200) });
export const apiKeyBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(SCOPES)).min(1).max(4),
  expiresAt: z.iso.datetime({ offset: true }).or(z.iso.date()).nullable().optional(),
});

export const memberView = z.object({ id: z.string(), userId: z.string(), name: z.string(), email: z.string(), role: z.string(), createdAt: z.string() });
export const invitationView = z.object({ id: z.string(), email: z.string(), role: z.string(), createdAt: z.string(), expiresAt: z.string(), acceptedAt: z.string().nullable() });
export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
});
