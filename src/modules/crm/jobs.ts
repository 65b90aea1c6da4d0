import type { AppContext } from '../../context.js';
import { renderMail, type RenderedMail } from '../../mail/layout.js';
import * as accounts from '../accounts/repo.js';
import * as workspaces from '../workspaces/service.js';
import * as repo from './activities-repo.js';
import { REMINDER_JOB, type ReminderPayload } from './activities-service.js';
import { registerImportJobs } from './import-jobs.js';

function dueText(dueAt: string | null): string {
  return dueAt ? `${dueAt.slice(0, 16).replace('T', ' ')} UTC` : 'no due time set';
}

export function taskReminderMail(operator: string, name: string, task: { subject: string; due_at: string | null }, url: string): RenderedMail {
  return renderMail({
    subject: `Reminder: ${task.subject}`,
    heading: `Hello ${name},`,
    paragraphs: [`This is a reminder of a task assigned to you: ${task.subject}`, `Due: ${dueText(task.due_at)}`],
    action: { label: 'Open the task', url },
    footer: `${operator} · You receive this because a task in Kodepos is assigned to you and has a reminder.`,
  });
}

/** Job handlers of the CRM module. */
export function registerCrmJobs(ctx: AppContext): void {
  registerImportJobs(ctx);
  // The job carries the reminder time it was queued for: a task done, deleted or rescheduled since
  // then makes it a no-op, so an old job never reminds about a newer time.
  ctx.queue.register<ReminderPayload>(REMINDER_JOB, async ({ activityId, workspaceId, reminderAt }) => {
    const k = ctx.db.k;
    const task = await repo.findById(k, workspaceId, activityId);
    if (!task || task.type !== 'task' || task.done_at || task.reminded_at || task.reminder_at !== reminderAt || !task.assignee_id) return { skipped: true };
    // Someone who left the workspace no longer gets its tasks by email.
    if (!(await workspaces.isMember(k, workspaceId, task.assignee_id))) return { skipped: true };
    const user = await accounts.findUserById(k, task.assignee_id);
    if (!user) return { skipped: true };
    const mail = taskReminderMail(ctx.config.operator.name, user.name, task, `${ctx.config.baseUrl}/activities/${activityId}`);
    await ctx.mailer.send({ to: user.email, ...mail, category: 'transactional' });
    await repo.markReminded(k, activityId, reminderAt, ctx.clock.now().toISOString());
    return { sent: true };
  });
}
