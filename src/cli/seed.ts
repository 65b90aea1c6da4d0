import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import type { Database } from '../db/types.js';
import { randomToken } from '../lib/crypto.js';
import { newId } from '../lib/ids.js';
import { hashPassword } from '../modules/accounts/passwords.js';
import * as accountsRepo from '../modules/accounts/repo.js';
import { password as passwordSchema } from '../modules/accounts/schema.js';
import * as accounts from '../modules/accounts/service.js';
import * as audit from '../modules/audit/service.js';
import * as apikeys from '../modules/workspaces/apikeys.js';
import * as members from '../modules/workspaces/members-repo.js';
import * as workspacesRepo from '../modules/workspaces/repo.js';
import type { Role } from '../modules/workspaces/roles.js';
import * as workspaces from '../modules/workspaces/service.js';
import { crmSeeder } from './seed-crm.js';

export const DEMO_WORKSPACE_NAME = 'Nusantara Niaga (Demo)';
export const DEMO_OWNER_EMAIL = 'demo@kodepos.local';
const DEMO_OWNER_NAME = 'Rahmat Hidayat';
const DEMO_OWNER_PHONE = '+62 21 5678 4321';
const SEED_USER_AGENT = 'kodepos-cli seed';
const SEED_META = { ip: '127.0.0.1', userAgent: SEED_USER_AGENT };

export interface DemoRefs {
  workspaceId: string;
  ownerId: string;
}

/**
 * One module's part of the demo data; returns a one-line summary for the CLI to print.
 * Seeders run in list order on every `kodepos seed --demo`, also when the demo already exists
 * (so a module added later fills in its part), hence each must check first and add only what is
 * missing: a second run duplicates nothing. Go through the module's service so audit entries are written.
 */
export type Seeder = (ctx: AppContext, demo: DemoRefs) => Promise<string>;

interface DemoMember {
  name: string;
  email: string;
  phone: string;
  role: Exclude<Role, 'owner'>;
  locale: 'en' | 'id';
  company: string;
}

const NUSANTARA = 'PT Nusantara Niaga';
const DETROIT = 'Detroit Partners LLC';

/** Fictional people on reserved `.example` domains; US numbers in the 555-01xx range kept for fiction. */
export const DEMO_MEMBERS: readonly DemoMember[] = [
  {
    name: 'Siti Rahayu',
    email: 'siti.rahayu@nusantara-niaga.example',
    phone: '+62 812-3456-7801',
    role: 'admin',
    locale: 'id',
    company: NUSANTARA,
  },
  {
    name: 'Budi Santoso',
    email: 'budi.santoso@nusantara-niaga.example',
    phone: '+62 813-2233-4455',
    role: 'member',
    locale: 'id',
    company: NUSANTARA,
  },
  {
    name: 'Dewi Lestari',
    email: 'dewi.lestari@nusantara-niaga.example',
    phone: '+62 21 5790 1122',
    role: 'privacy_officer',
    locale: 'id',
    company: NUSANTARA,
  },
  {
    name: 'Agus Wijaya',
    email: 'agus.wijaya@nusantara-niaga.example',
    phone: '+62 857-1122-3344',
    role: 'viewer',
    locale: 'id',
    company: NUSANTARA,
  },
  {
    name: 'Emily Carter',
    email: 'emily.carter@detroit-partners.example',
    phone: '+1 (313) 555-0142',
    role: 'member',
    locale: 'en',
    company: DETROIT,
  },
  {
    name: 'Michael Johnson',
    email: 'michael.johnson@detroit-partners.example',
    phone: '+1 (313) 555-0187',
    role: 'viewer',
    locale: 'en',
    company: DETROIT,
  },
];

export const DEMO_INVITATION = { email: 'linda.martinez@detroit-partners.example', role: 'member' as const };
export const DEMO_API_KEY_NAME = 'Demo integration';

/**
 * There is no service for "add an existing person to a workspace" (people join by invitation), so
 * a demo member is written through the repos in one transaction, with what registration would
 * leave behind: a verified account, the policy acceptance, the membership and their audit entries.
 * Members get an unknown random password: they sign in through "forgot password" (mail in the outbox).
 */
async function insertDemoUser(
  ctx: AppContext,
  trx: Kysely<Database>,
  m: DemoMember,
  workspaceId: string,
  passwordHash: string,
  at: string,
): Promise<string> {
  const userId = newId('usr');
  await accountsRepo.insertUser(trx, {
    id: userId,
    email: m.email,
    email_verified_at: at,
    name: m.name,
    phone: m.phone,
    company: m.company,
    birth_date: null,
    password_hash: passwordHash,
    locale: m.locale,
    totp_secret: null,
    totp_enabled_at: null, totp_last_step: null,
    recovery_codes: null,
    is_platform_operator: 0,
    status: 'active',
    deletion_scheduled_at: null,
    restricted: 0,
    last_active_at: null,
    created_at: at,
    updated_at: at,
  });
  const policy = await accountsRepo.currentPolicyVersionId(trx, at);
  if (policy) {
    await accountsRepo.insertPolicyAcceptance(trx, {
      id: newId('pac'),
      user_id: userId,
      policy_version_id: policy.id,
      ip_truncated: null,
      user_agent: SEED_USER_AGENT,
      accepted_at: at,
    });
  }
  await audit.record(
    ctx.db,
    ctx.clock,
    {
      actor: audit.SYSTEM,
      workspaceId,
      action: 'user.created',
      target: { type: 'user', id: userId },
      reason: 'demo seed',
      details: { policyVersion: policy?.version ?? null, source: 'demo_seed' },
    },
    trx,
  );
  return userId;
}

async function addMember(ctx: AppContext, workspaceId: string, m: DemoMember): Promise<boolean> {
  const existing = await accountsRepo.findUserByEmail(ctx.db.k, m.email);
  if (existing && (await members.findByUser(ctx.db.k, workspaceId, existing.id))) return false;
  // Hashed before the transaction: argon2 is slow and SQLite holds its write lock until commit.
  const passwordHash = existing ? '' : await hashPassword(randomToken());
  const at = ctx.clock.now().toISOString();
  await ctx.db.k.transaction().execute(async (trx) => {
    const userId = existing ? existing.id : await insertDemoUser(ctx, trx, m, workspaceId, passwordHash, at);
    const memberId = newId('mem');
    await workspacesRepo.insertMember(trx, {
      id: memberId,
      workspace_id: workspaceId,
      user_id: userId,
      role: m.role,
      created_at: at,
    });
    await audit.record(
      ctx.db,
      ctx.clock,
      {
        actor: audit.SYSTEM,
        workspaceId,
        action: 'member.added',
        target: { type: 'member', id: memberId },
        reason: 'demo seed',
        details: { role: m.role },
      },
      trx,
    );
  });
  return true;
}

async function ensureInvitation(ctx: AppContext, demo: DemoRefs): Promise<boolean> {
  const open = await members.listInvitations(ctx.db.k, demo.workspaceId, 100);
  if (open.some((i) => i.email === DEMO_INVITATION.email)) return false;
  if (await members.findByEmail(ctx.db.k, demo.workspaceId, DEMO_INVITATION.email)) return false;
  await workspaces.invite(ctx, demo.workspaceId, DEMO_INVITATION, { type: 'user', id: demo.ownerId });
  return true;
}

async function ensureApiKey(ctx: AppContext, demo: DemoRefs): Promise<string | null> {
  const keys = await apikeys.listKeys(ctx, demo.workspaceId, 100);
  if (keys.some((k) => k.name === DEMO_API_KEY_NAME)) return null;
  const created = await apikeys.createKey(
    ctx,
    demo.workspaceId,
    { name: DEMO_API_KEY_NAME, scopes: ['read', 'write'] },
    { type: 'user', id: demo.ownerId },
  );
  return created.key;
}

/** Members, one pending invitation and one API key. */
export const foundationSeeder: Seeder = async (ctx, demo) => {
  let added = 0;
  for (const m of DEMO_MEMBERS) if (await addMember(ctx, demo.workspaceId, m)) added++;
  const invited = await ensureInvitation(ctx, demo);
  const key = await ensureApiKey(ctx, demo);
  const parts = [
    `${DEMO_MEMBERS.length} members (${added ? `${added} added` : 'already present'})`,
    `pending invitation for ${DEMO_INVITATION.email} (${invited ? 'sent to the mail queue' : 'already present'})`,
    key
      ? `API key "${DEMO_API_KEY_NAME}" (read, write): ${key}  <- shown only now`
      : `API key "${DEMO_API_KEY_NAME}" already present (its secret was shown when it was created)`,
  ];
  return `Foundation: ${parts.join('; ')}`;
};

/** Every module's demo seeder, run in order; the foundation comes first. Add a module's seeder after it. */
export const seeders: Seeder[] = [foundationSeeder, crmSeeder];

export interface SeedResult extends DemoRefs {
  /** False when the demo owner and workspace were already there. */
  created: boolean;
  /** The owner's password when this run set it; null when the account already existed. */
  password: string | null;
  passwordGenerated: boolean;
  /** A --password that was not applied because the account already existed. */
  passwordIgnored: boolean;
  lines: string[];
}

async function ensureOwner(
  ctx: AppContext,
  password: string,
): Promise<{ ownerId: string; workspaceId: string; created: boolean }> {
  let owner = await accountsRepo.findUserByEmail(ctx.db.k, DEMO_OWNER_EMAIL);
  let created = false;
  if (!owner) {
    const reg = await accounts.register(
      ctx,
      {
        name: DEMO_OWNER_NAME,
        email: DEMO_OWNER_EMAIL,
        password,
        company: DEMO_WORKSPACE_NAME,
        phone: DEMO_OWNER_PHONE,
        ageConfirmed: true,
        locale: 'en',
      },
      SEED_META,
    );
    owner = await accountsRepo.findUserById(ctx.db.k, reg.user.id);
    if (!owner) throw new Error('The demo owner vanished right after registration');
    created = true;
  }
  if (!owner.email_verified_at) {
    // The same path as following the emailed link, so the verification is audited like any other.
    await accounts.verifyEmail(ctx, await accounts.issueVerificationToken(ctx, owner.id));
  }
  const ownerId = owner.id;
  const mine = await workspacesRepo.userWorkspaces(ctx.db.k, ownerId);
  const ws = mine.find((w) => w.name === DEMO_WORKSPACE_NAME && w.role === 'owner');
  if (ws) return { ownerId, workspaceId: ws.workspaceId, created };
  const made = await ctx.db.k
    .transaction()
    .execute((trx) =>
      workspaces.createWorkspace(
        ctx,
        trx,
        { name: DEMO_WORKSPACE_NAME, ownerId, dataRegion: 'ID' },
        { type: 'user', id: ownerId },
      ),
    );
  return { ownerId, workspaceId: made.id, created: true };
}

/** Creates the demo (or completes a partial one); safe to run any number of times. */
export async function seedDemo(ctx: AppContext, opts: { password?: string | undefined } = {}): Promise<SeedResult> {
  if (opts.password !== undefined) {
    const check = passwordSchema.safeParse(opts.password);
    if (!check.success) throw new Error(`--password: ${check.error.issues[0]?.message ?? 'not a valid password'}`);
  }
  const exists = Boolean(await accountsRepo.findUserByEmail(ctx.db.k, DEMO_OWNER_EMAIL));
  const password = opts.password ?? randomToken(12);
  const refs = await ensureOwner(ctx, password);
  const lines: string[] = [];
  for (const seeder of seeders) lines.push(await seeder(ctx, { workspaceId: refs.workspaceId, ownerId: refs.ownerId }));
  return {
    workspaceId: refs.workspaceId,
    ownerId: refs.ownerId,
    created: refs.created,
    password: exists ? null : password,
    passwordGenerated: !exists && opts.password === undefined,
    passwordIgnored: exists && opts.password !== undefined,
    lines,
  };
}

export function formatSeedSummary(r: SeedResult, baseUrl: string): string {
  const out = r.created
    ? [`Created the demo workspace "${DEMO_WORKSPACE_NAME}" (${r.workspaceId}, data region ID).`]
    : [`The demo already exists: workspace "${DEMO_WORKSPACE_NAME}" (${r.workspaceId}). Nothing was duplicated.`];
  out.push('', `Sign in at ${baseUrl}/login`, `  email:    ${DEMO_OWNER_EMAIL}`);
  if (r.password !== null) {
    out.push(`  password: ${r.password}${r.passwordGenerated ? '  <- generated, shown only now' : ''}`);
  } else {
    out.push(
      `  password: unchanged${r.passwordIgnored ? ' (--password was ignored: the account already exists)' : ''}`,
    );
  }
  out.push('', ...r.lines.map((l) => `- ${l}`));
  out.push('', 'Demo members sign in through "Forgot password"; without SMTP_URL their mail lands in DATA_DIR/outbox.');
  return out.join('\n');
}
