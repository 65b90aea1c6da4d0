import type { AppContext } from '../../context.js';
import { renderMail } from '../../mail/layout.js';
import { findUserById } from '../accounts/repo.js';
import * as service from './service.js';

export function registerWorkspaceJobs(ctx: AppContext): void {
  ctx.queue.register<{ invitationId: string }>('workspaces.send_invitation', async ({ invitationId }) => {
    const inv = await service.findInvitationById(ctx.db.k, invitationId);
    if (!inv || inv.accepted_at || inv.revoked_at) return { skipped: true };
    const ws = await service.findWorkspace(ctx.db.k, inv.workspace_id);
    const inviter = inv.invited_by ? await findUserById(ctx.db.k, inv.invited_by) : undefined;
    const token = await service.mintInvitationToken(ctx, invitationId);
    const url = `${ctx.config.baseUrl}/invite?token=${token}`;
    const who = inviter?.name ?? 'A colleague';
    const mail = renderMail({
      subject: `${who} invited you to ${ws?.name ?? 'a workspace'} on Kodepos`,
      heading: `Join ${ws?.name ?? 'your team'} on Kodepos`,
      paragraphs: [
        `${who} invited you to join the workspace "${ws?.name ?? ''}" as ${inv.role.replace('_', ' ')}.`,
        'The invitation is valid for 7 days. / Undangan ini berlaku selama 7 hari.',
      ],
      action: { label: 'Accept invitation / Terima undangan', url },
      footer: `${ctx.config.operator.name} · You receive this because someone invited this address.`,
    });
    await ctx.mailer.send({ to: inv.email, ...mail, category: 'transactional' });
    return { sent: true };
  });
}
