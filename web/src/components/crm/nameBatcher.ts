import { companiesApi, contactsApi, dealsApi } from '../../pages/crm/api/endpoints';

type Linkable = 'contact' | 'company' | 'deal';

interface Pending {
  ids: Map<string, ((name: string | null) => void)[]>;
  timer: ReturnType<typeof setTimeout>;
}

const pending = new Map<Linkable, Pending>();

async function flush(object: Linkable, batch: Pending): Promise<void> {
  pending.delete(object);
  const ids = [...batch.ids.keys()];
  const api = object === 'contact' ? contactsApi : object === 'company' ? companiesApi : dealsApi;
  const names = new Map<string, string>();
  try {
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const page = await api.list({ filters: [{ field: 'id', op: 'in', value: chunk }] }, undefined, 200);
      for (const record of page.data) names.set(record.id, record.name);
    }
  } finally {
    for (const [id, waiters] of batch.ids) for (const resolve of waiters) resolve(names.get(id) ?? null);
  }
}

/**
 * A record's display name. Calls made in the same tick (every row of a table) share one request,
 * so a list of fifty contacts does not ask for their companies fifty times.
 */
export function loadName(object: Linkable, id: string): Promise<string | null> {
  return new Promise((resolve) => {
    let batch = pending.get(object);
    if (!batch) {
      const created: Pending = { ids: new Map(), timer: setTimeout(() => void flush(object, created), 10) };
      batch = created;
      pending.set(object, batch);
    }
    const waiters = batch.ids.get(id) ?? [];
    waiters.push(resolve);
    batch.ids.set(id, waiters);
  });
}
