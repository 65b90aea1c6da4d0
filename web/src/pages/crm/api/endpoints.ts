import { api } from '../../../api/client';
import type { Page } from '../../../api/types';
import type {
  Activity,
  Address,
  ActivityInput,
  Company,
  Contact,
  CrmObject,
  CustomField,
  Deal,
  DuplicateMatch,
  Filter,
  Pipeline,
  SavedView,
  SearchHit,
  Sort,
  StageChange,
  TimelineEntry,
} from './types';
import type { SalesDashboard, Webhook, WebhookDelivery } from './jobTypes';

export interface ListParams {
  q?: string;
  filters?: Filter[];
  sort?: Sort | null;
  view?: string | null;
}

/** The query string shared by a list, its next pages and its export, so a download matches the screen. */
export function listQuery(params: ListParams, extra: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams();
  if (params.q?.trim()) search.set('q', params.q.trim());
  if (params.filters && params.filters.length > 0) search.set('filter', JSON.stringify(params.filters));
  if (params.sort) search.set('sort', `${params.sort.field}:${params.sort.dir}`);
  if (params.view) search.set('view', params.view);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const id = (value: string) => encodeURIComponent(value);
type Patch<T> = Partial<Omit<T, 'id' | 'createdAt' | 'updatedAt' | 'address'>> & { address?: Partial<Address> };

function records<T>(path: string) {
  return {
    list: (params: ListParams, cursor?: string, limit = 50) =>
      api<Page<T>>(`${path}${listQuery(params, { limit, cursor })}`),
    get: (recordId: string) => api<T>(`${path}/${id(recordId)}`),
    create: (input: Patch<T>) => api<T>(path, { method: 'POST', body: input }),
    update: (recordId: string, input: Patch<T>) => api<T>(`${path}/${id(recordId)}`, { method: 'PATCH', body: input }),
    remove: (recordId: string) => api<void>(`${path}/${id(recordId)}`, { method: 'DELETE' }),
  };
}

export const contactsApi = {
  ...records<Contact>('/api/v1/contacts'),
  duplicates: (recordId: string) => api<{ data: DuplicateMatch[] }>(`/api/v1/contacts/${id(recordId)}/duplicates`),
  merge: (input: MergeInput) => api<Contact>('/api/v1/contacts/merge', { method: 'POST', body: input }),
};

export const companiesApi = {
  ...records<Company>('/api/v1/companies'),
  contacts: (recordId: string) => api<Page<Contact>>(`/api/v1/companies/${id(recordId)}/contacts?limit=100`),
  duplicates: (recordId: string) => api<{ data: DuplicateMatch[] }>(`/api/v1/companies/${id(recordId)}/duplicates`),
  merge: (input: MergeInput) => api<Company>('/api/v1/companies/merge', { method: 'POST', body: input }),
};

export const dealsApi = {
  ...records<Deal>('/api/v1/deals'),
  move: (recordId: string, stageId: string) =>
    api<Deal>(`/api/v1/deals/${id(recordId)}/move`, { method: 'POST', body: { stageId } }),
  stageHistory: (recordId: string) => api<{ data: StageChange[] }>(`/api/v1/deals/${id(recordId)}/stage-history`),
};

export interface MergeInput {
  primaryId: string;
  duplicateIds: string[];
  fields: Record<string, string>;
}

export interface ActivityFilters {
  type?: string;
  contactId?: string;
  companyId?: string;
  dealId?: string;
  assigneeId?: string;
  open?: boolean;
}

export const activitiesApi = {
  list: (filters: ActivityFilters, cursor?: string) => {
    const search = new URLSearchParams({ limit: '100' });
    for (const [key, value] of Object.entries(filters)) if (value !== undefined) search.set(key, String(value));
    if (cursor) search.set('cursor', cursor);
    return api<Page<Activity>>(`/api/v1/activities?${search.toString()}`);
  },
  create: (input: ActivityInput) => api<Activity>('/api/v1/activities', { method: 'POST', body: input }),
  update: (activityId: string, input: Partial<ActivityInput>) =>
    api<Activity>(`/api/v1/activities/${id(activityId)}`, { method: 'PATCH', body: input }),
  remove: (activityId: string) => api<void>(`/api/v1/activities/${id(activityId)}`, { method: 'DELETE' }),
};

export const crmApi = {
  timeline: (objectType: CrmObject, objectId: string) =>
    api<{ data: TimelineEntry[] }>(`/api/v1/timeline?objectType=${objectType}&objectId=${id(objectId)}&limit=100`),
  search: (q: string) => api<{ data: SearchHit[] }>(`/api/v1/search?q=${encodeURIComponent(q)}&limit=20`),
  pipelines: () => api<{ data: Pipeline[] }>('/api/v1/pipelines'),
  salesDashboard: () => api<SalesDashboard>('/api/v1/dashboard/sales'),
  customFields: (object: CrmObject) => api<Page<CustomField>>(`/api/v1/custom-fields?object=${object}`),
  createCustomField: (input: Omit<CustomField, 'id' | 'position'>) =>
    api<CustomField>('/api/v1/custom-fields', { method: 'POST', body: input }),
  updateCustomField: (fieldId: string, input: Pick<CustomField, 'label' | 'options' | 'required'>) =>
    api<CustomField>(`/api/v1/custom-fields/${id(fieldId)}`, { method: 'PATCH', body: input }),
  removeCustomField: (fieldId: string) => api<void>(`/api/v1/custom-fields/${id(fieldId)}`, { method: 'DELETE' }),
  views: (object: CrmObject) => api<Page<SavedView>>(`/api/v1/views?object=${object}`),
  createView: (input: Omit<SavedView, 'id'>) => api<SavedView>('/api/v1/views', { method: 'POST', body: input }),
  removeView: (viewId: string) => api<void>(`/api/v1/views/${id(viewId)}`, { method: 'DELETE' }),
};

export const webhooksApi = {
  list: () => api<Page<Webhook>>('/api/v1/webhooks?limit=100'),
  create: (input: Pick<Webhook, 'url' | 'events' | 'description' | 'active'>) =>
    api<Webhook>('/api/v1/webhooks', { method: 'POST', body: input }),
  update: (hookId: string, input: Partial<Pick<Webhook, 'url' | 'events' | 'description' | 'active'>>) =>
    api<Webhook>(`/api/v1/webhooks/${id(hookId)}`, { method: 'PATCH', body: input }),
  remove: (hookId: string) => api<void>(`/api/v1/webhooks/${id(hookId)}`, { method: 'DELETE' }),
  test: (hookId: string) => api<WebhookDelivery>(`/api/v1/webhooks/${id(hookId)}/test`, { method: 'POST' }),
  deliveries: (hookId: string) => api<Page<WebhookDelivery>>(`/api/v1/webhooks/${id(hookId)}/deliveries?limit=50`),
  redeliver: (deliveryId: string) =>
    api<WebhookDelivery>(`/api/v1/webhook-deliveries/${id(deliveryId)}/redeliver`, { method: 'POST' }),
};
