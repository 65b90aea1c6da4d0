import type { Mailer, MailMessage } from './mailer.js';

/**
 * Counting outgoing mail for the disclosure log without a database write per mail: sent messages
 * are counted in memory per workspace and purpose (distinct recipients), and each group is handed
 * to `sink` as one batch when it reaches `maxSubjects`, when `flushMs` has passed since its first
 * mail, or when `flush()` is called (the server calls it before closing the database). The
 * addresses live only in memory until the batch is handed over and are never passed on: the
 * batch carries a count. A crash loses at most one unflushed window of counts, never a mail.
 */
export interface MailFlowBatch {
  workspaceId: string | null;
  purpose: 'service' | 'marketing';
  subjects: number;
  firstAt: string;
  lastAt: string;
}

export type MailFlowSink = (batches: MailFlowBatch[]) => Promise<void>;

export interface CountingMailer extends Mailer {
  /** Hands every pending group to the sink now. */
  flush(): Promise<void>;
}

interface Group {
  workspaceId: string | null;
  purpose: MailFlowBatch['purpose'];
  to: Set<string>;
  firstAt: string;
  lastAt: string;
}

const purposeOf = (m: MailMessage): MailFlowBatch['purpose'] => (m.category === 'promotion' ? 'marketing' : 'service');

export function countingMailer(inner: Mailer, sink: MailFlowSink, opts: { flushMs?: number; maxSubjects?: number; now?: () => Date; onError?: (err: unknown) => void } = {}): CountingMailer {
  const flushMs = opts.flushMs ?? 60_000;
  const maxSubjects = opts.maxSubjects ?? 1000;
  const now = opts.now ?? (() => new Date());
  const groups = new Map<string, Group>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const hand = (batch: Group[]): Promise<void> => {
    if (!batch.length) return running;
    const out = batch.map((g) => ({ workspaceId: g.workspaceId, purpose: g.purpose, subjects: g.to.size, firstAt: g.firstAt, lastAt: g.lastAt }));
    // One hand-over at a time, in order; a failed one is reported and its counts dropped rather than kept growing.
    running = running.then(() => sink(out)).catch((err: unknown) => opts.onError?.(err));
    return running;
  };
  const takeAll = (): Group[] => {
    const all = [...groups.values()];
    groups.clear();
    if (timer) clearTimeout(timer);
    timer = null;
    return all;
  };
  const arm = (): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void hand(takeAll());
    }, flushMs);
    timer.unref();
  };

  return {
    async send(msg) {
      const sent = await inner.send(msg);
      const workspaceId = msg.workspaceId ?? null;
      const purpose = purposeOf(msg);
      const key = `${workspaceId ?? ''}|${purpose}`;
      const at = now().toISOString();
      const g = groups.get(key) ?? { workspaceId, purpose, to: new Set<string>(), firstAt: at, lastAt: at };
      g.to.add(msg.to.trim().toLowerCase());
      g.lastAt = at;
      groups.set(key, g);
      if (g.to.size >= maxSubjects) {
        groups.delete(key);
        void hand([g]);
      } else arm();
      return sent;
    },
    flush() {
      return hand(takeAll());
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      inner.close();
    },
  };
}

/** Flushes a counting mailer; any other mailer has nothing pending. */
export async function flushMailFlows(m: Mailer): Promise<void> {
  if ('flush' in m && typeof m.flush === 'function') await (m as CountingMailer).flush();
}
