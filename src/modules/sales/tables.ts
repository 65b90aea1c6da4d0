/** Row types of the sales tables (migration 0004). Amounts are integer minor units. */
export interface PipelinesTable {
  id: string;
  workspace_id: string;
  name: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface PipelineStagesTable {
  id: string;
  workspace_id: string;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  kind: string;
}

export interface DealsTable {
  id: string;
  workspace_id: string;
  pipeline_id: string;
  stage_id: string;
  name: string;
  amount_minor: number;
  currency: string;
  expected_close_date: string | null;
  owner_id: string | null;
  company_id: string | null;
  tags: string;
  custom_fields: string;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface DealContactsTable {
  workspace_id: string;
  deal_id: string;
  contact_id: string;
}

export interface DealStageHistoryTable {
  id: string;
  workspace_id: string;
  deal_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  changed_by: string | null;
  changed_at: string;
}

export interface SalesTables {
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  deals: DealsTable;
  deal_contacts: DealContactsTable;
  deal_stage_history: DealStageHistoryTable;
}
