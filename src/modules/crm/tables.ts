/** Row types of the CRM tables (migration 0003). JSON columns hold strings the repo parses. */
export interface CompaniesTable {
  id: string;
  workspace_id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  phone: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  owner_id: string | null;
  tags: string;
  custom_fields: string;
  name_key: string | null;
  import_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactsTable {
  id: string;
  workspace_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  emails: string;
  phone: string | null;
  phones: string;
  title: string | null;
  company_id: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  time_zone: string | null;
  locale: string | null;
  source: string | null;
  owner_id: string | null;
  tags: string;
  lifecycle_stage: string;
  custom_fields: string;
  restricted: number;
  phone_digits: string | null;
  name_key: string | null;
  import_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContactCompaniesTable {
  workspace_id: string;
  contact_id: string;
  company_id: string;
  role: string | null;
  created_at: string;
}

export interface CustomFieldDefsTable {
  id: string;
  workspace_id: string;
  object: string;
  key: string;
  label: string;
  type: string;
  options: string;
  required: number;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface SavedViewsTable {
  id: string;
  workspace_id: string;
  object: string;
  name: string;
  filters: string;
  sort: string;
  columns: string;
  shared: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface TimelineEventsTable {
  id: string;
  workspace_id: string;
  object_type: string;
  object_id: string;
  kind: string;
  changes: string | null;
  actor_type: string;
  actor_id: string | null;
  at: string;
}

export interface ActivitiesTable {
  id: string;
  workspace_id: string;
  type: string;
  subject: string;
  body: string | null;
  due_at: string | null;
  done_at: string | null;
  assignee_id: string | null;
  reminder_at: string | null;
  reminded_at: string | null;
  duration_minutes: number | null;
  outcome: string | null;
  contact_id: string | null;
  company_id: string | null;
  deal_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CrmTables {
  companies: CompaniesTable;
  contacts: ContactsTable;
  contact_companies: ContactCompaniesTable;
  custom_field_defs: CustomFieldDefsTable;
  saved_views: SavedViewsTable;
  timeline_events: TimelineEventsTable;
  activities: ActivitiesTable;
}
