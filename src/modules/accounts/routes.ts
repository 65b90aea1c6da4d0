import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { clearSessionCookie, requestMeta, requireUser, setSessionCookie } from '../../http/auth.js';
import { errors, idParams } from '../../http/schemas.js';
import { VISITOR_COOKIE } from '../analytics/link.js';
import * as workspaces from '../workspaces/service.js';
import * as s from './schema.js';
import * as service from './service.js';
import * as twofactor from './twofactor.js';

const tags = ['accounts'];

export function accountsRoutes(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const authLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } };

  app.post('/api/v1/auth/register', {
    config: authLimit,
    schema: {
      tags, summary: 'Create an account and its workspace',
      body: s.registerBody,
      response: { 201: z.object({ user: s.userSchema, workspace: s.workspaceSummary.nullable(), joinedWorkspace: s.workspaceSummary.nullable(), acceptedPolicyVersion: z.string().nullable() }), ...errors },
    },
  }, async (req, reply) => {
    const out = await service.register(ctx, req.body, requestMeta(req));
    return reply.status(201).send(out);
  });

  app.post('/api/v1/auth/verify-email', { config: authLimit, schema: { tags, summary: 'Confirm an email address with the token from the link', body: s.tokenBody } }, async (req) => {
    await service.verifyEmail(ctx, req.body.token);
    return { ok: true };
  });

  app.post('/api/v1/auth/resend-verification', { config: authLimit, schema: { tags, summary: 'Send the verification email again', body: s.emailBody } }, async (req, reply) => {
    await service.resendVerification(ctx, req.body.email);
    return reply.status(202).send({ ok: true });
  });

  app.post('/api/v1/auth/login', {
    config: authLimit,
    schema: { tags, summary: 'Sign in; sets the kodepos_session cookie (and links the kodepos_vid analytics visitor id to the account when its holder allowed analytics)', body: s.loginBody, response: { 200: z.object({ user: s.userSchema, workspaces: z.array(s.workspaceSummary) }), ...errors } },
  }, async (req, reply) => {
    const out = await service.login(ctx, req.body, requestMeta(req), req.cookies[VISITOR_COOKIE]);
    setSessionCookie(ctx, reply, out.token);
    return { user: out.user, workspaces: out.workspaces };
  });

  app.post('/api/v1/auth/logout', { schema: { tags, summary: 'Sign out of this session' } }, async (req, reply) => {
    const { user, sessionId } = await requireUser(ctx, req);
    await service.logout(ctx, user.id, sessionId);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  app.post('/api/v1/auth/password-reset', { config: authLimit, schema: { tags, summary: 'Email a password-reset link', body: s.emailBody } }, async (req, reply) => {
    await service.requestPasswordReset(ctx, req.body.email);
    return reply.status(202).send({ ok: true });
  });

  app.post('/api/v1/auth/password-reset/confirm', { config: authLimit, schema: { tags, summary: 'Set a new password with the token from the link', body: s.resetConfirmBody } }, async (req) => {
    await service.confirmPasswordReset(ctx, req.body.token, req.body.password);
    return { ok: true };
  });

  app.get('/api/v1/me', {
    schema: { tags, summary: 'The signed-in user and their workspaces', response: { 200: z.object({ user: s.userSchema, workspaces: z.array(s.workspaceSummary) }), ...errors } },
  }, async (req) => {
    const { user } = await requireUser(ctx, req);
    return { user: service.publicUser(user), workspaces: await workspaces.listForUser(ctx, user.id) };
  });

  app.patch('/api/v1/me', { schema: { tags, summary: 'Update your profile', body: s.profilePatch } }, async (req) => {
    const { user } = await requireUser(ctx, req);
    return { user: await service.updateProfile(ctx, user.id, req.body), workspaces: await workspaces.listForUser(ctx, user.id) };
  });

  app.get('/api/v1/auth/sessions', { schema: { tags, summary: 'Your active sessions' } }, async (req) => {
    const { user, sessionId } = await requireUser(ctx, req);
    return { data: await service.listSessions(ctx, user.id, sessionId), nextCursor: null };
  });

  app.delete('/api/v1/auth/sessions/:id', { schema: { tags, summary: 'Sign a session out', params: idParams } }, async (req, reply) => {
    const { user } = await requireUser(ctx, req);
    await service.revokeSession(ctx, user.id, req.params.id);
    return reply.status(204).send();
  });

  app.post('/api/v1/auth/2fa/setup', { schema: { tags, summary: 'Start two-factor setup: a TOTP secret and QR code' } }, async (req) => {
    const { user } = await requireUser(ctx, req);
    return twofactor.setup(ctx, user.id);
  });

  app.post('/api/v1/auth/2fa/enable', { schema: { tags, summary: 'Confirm a code to turn two-factor on; returns recovery codes once', body: s.codeBody } }, async (req) => {
    const { user } = await requireUser(ctx, req);
    return twofactor.enable(ctx, user.id, req.body.code);
  });

  app.post('/api/v1/auth/2fa/disable', { schema: { tags, summary: 'Turn two-factor off (needs your password)', body: s.passwordBody } }, async (req, reply) => {
    const { user } = await requireUser(ctx, req);
    await twofactor.disable(ctx, user.id, req.body.password);
    return reply.status(204).send();
  });
}
