/** Shapes of the CRM and sales API, as published in /api/openapi.json. */

export type CrmObject = 'contact' | 'company' | 'deal';
export type ImportObject = 'contact' | 'company';

export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+'] as const;

export const CURRENCIES = ['IDR', 'USD'] as const;
export type Currency = (typeof CURRENCIES)[number];

export type CustomValues = Record<string, unknown>;

export interface Address {
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface Contact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  name: string;
  email: string | null;
  emails: { email: string; label?: string }[];
  phone: string | null;
  phones: { phone: string; label?: string }[];
  title: string | null;
  companyId: string | null;
  companyIds: string[];
  address: Address;
  timeZone: string | null;
  locale: string | null;
  source: string | null;
  ownerId: string | null;
  tags: string[];
  lifecycleStage: string;
  customFields: CustomValues;
  restricted: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Company {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  phone: string | null;
  address: Address;
  ownerId: string | null;
  tags: string[];
  customFields: CustomValues;
  contactCount?: number;
  createdAt: string;
  updatedAt: string;
}

export interface Stage {
  id: string;
  name: string;
  position: number;
  probability: number;
  kind: string;
}

export interface Pipeline {
  id: string;
  name: string;
  position: number;
  stages: Stage[];
}

export interface Deal {
  id: string;
  name: string;
  amount: number;
  currency: string;
  pipelineId: string;
  stageId: string;
  stageName: string;
  probability: number;
  status: 'open' | 'won' | 'lost';
  expectedCloseDate: string | null;
  ownerId: string | null;
  companyId: string | null;
  contactIds: string[];
  tags: string[];
  customFields: CustomValues;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StageChange {
  id: string;
  fromStageId: string | null;
  toStageId: string;
  changedBy: string | null;
  changedAt: string;
}

export const ACTIVITY_TYPES = ['note', 'task', 'call', 'meeting'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface Activity {
  id: string;
  type: ActivityType;
  subject: string;
  body: string | null;
  dueAt: string | null;
  done: boolean;
  doneAt: string | null;
  assigneeId: string | null;
  reminderAt: string | null;
  durationMinutes: number | null;
  outcome: string | null;
  contactId: string | null;
  companyId: string | null;
  dealId: string | null;
  createdBy: string | null;
  createdAt: string;
}

export type ActivityInput = Partial<Omit<Activity, 'id' | 'createdBy' | 'createdAt' | 'doneAt'>> & {
  type: ActivityType;
  subject: string;
};

export interface TimelineEntry {
  id: string;
  at: string;
  source: 'activity' | 'event';
  kind: string;
  activity?: Activity;
  changes?: Record<string, { from: unknown; to: unknown }> | null;
  actor: { type: string; id: string | null };
}

export const FIELD_TYPES = [
  'text',
  'number',
  'date',
  'select',
  'multi_select',
  'boolean',
  'url',
  'email',
  'phone',
  'currency',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface CustomField {
  id: string;
  object: CrmObject;
  key: string;
  label: string;
  type: FieldType;
  options: string[];
  required: boolean;
  position: number;
}

export const FILTER_OPS = [
  'eq',
  'neq',
  'contains',
  'starts_with',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'is_empty',
  'is_not_empty',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface Filter {
  field: string;
  op: FilterOp;
  value?: string | number | boolean | string[];
}

export interface Sort {
  field: string;
  dir: 'asc' | 'desc';
}

export interface SavedView {
  id: string;
  object: CrmObject;
  name: string;
  filters: Filter[];
  sort: Sort | null;
  columns: string[];
  shared: boolean;
}

export interface SearchHit {
  type: string;
  id: string;
  title: string;
}

export interface DuplicateMatch {
  id: string;
  reasons: string[];
}
