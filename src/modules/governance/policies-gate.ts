import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { getAuth } from '../../http/auth.js';
import { HttpError } from '../../http/errors.js';
import { acceptanceState } from './policies.js';

/**
 * The re-acceptance gate (policy §13): after a material policy change, a signed-in user's API
 * calls answer 403 `policy_acceptance_required` until they accept. What is needed to read and
 * accept the policy, sign in or out, and see or leave one's own account stays open; API keys
 * (machine access on a workspace's behalf) are not a person and are not gated.
 */
const OPEN = [/^\/api\/v1\/auth\//, /^\/api\/v1\/me(\/|$)/, /^\/api\/v1\/policies\//];

function gated(req: FastifyRequest): boolean {
  const url = req.url;
  if (!url.startsWith('/api/v1/')) return false;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (OPEN.some((r) => r.test(path))) return false;
  return !req.headers.authorization;
}

async function check(ctx: AppContext, req: FastifyRequest): Promise<void> {
  let userId: string | null;
  try {
    userId = (await getAuth(ctx, req)).user?.id ?? null;
  } catch {
    // An authentication problem is the route's to report, in its own words.
    return;
  }
  if (!userId) return;
  const state = await acceptanceState(ctx, userId);
  if (state.required) {
    throw new HttpError(403, 'policy_acceptance_required', 'A new version of the privacy policy needs your acceptance before you continue', { policy: state.policy });
  }
}

export function registerPolicyGate(app: FastifyInstance, ctx: AppContext): void {
  // Callback style: the many requests the gate does not concern (public endpoints, API keys) pass
  // without a promise; only a signed-in user's API call waits for the check.
  app.addHook('preHandler', (req, _reply, done) => {
    if (!gated(req)) {
      done();
      return;
    }
    check(ctx, req).then(() => done(), done);
  });
}
