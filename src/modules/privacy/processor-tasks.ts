import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { ProcessorDeletionTasksTable } from './tables.js';

/**
 * The processor deletion tasks that erasure and restriction queue (one per third party that holds
 * the subject), as the integrations module carries them out: read the pending ones for its
 * providers, record each outcome.
 */
export type ProcessorTask = Selectable<ProcessorDeletionTasksTable>;

/** Pending tasks for these recipients, oldest first. */
export function pendingProcessorTasks(ctx: AppContext, recipients: readonly string[], limit: number): Promise<ProcessorTask[]> {
  return ctx.db.k.selectFrom('processor_deletion_tasks').selectAll().where('status', '=', 'pending').where('recipient', 'in', [...recipients]).orderBy('id').limit(limit).execute();
}

/** Whether any task for these recipients is pending. */
export async function anyPendingProcessorTask(ctx: AppContext, recipients: readonly string[]): Promise<boolean> {
  const r = await ctx.db.k.selectFrom('processor_deletion_tasks').select('id').where('status', '=', 'pending').where('recipient', 'in', [...recipients]).limit(1).executeTakeFirst();
  return r !== undefined;
}

/** Records a task's outcome; it is complete at `at` unless it stays pending. */
export async function settleProcessorTask(ctx: AppContext, id: string, outcome: { status: string; error: string | null; attempts: number }, at: string): Promise<void> {
  await ctx.db.k
    .updateTable('processor_deletion_tasks')
    .set({ status: outcome.status, error: outcome.error, attempts: outcome.attempts, completed_at: outcome.status === 'pending' ? null : at })
    .where('id', '=', id)
    .execute();
}
