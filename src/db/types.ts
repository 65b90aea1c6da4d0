import type { CoreTables } from './core-tables.js';
import type { JobTables } from '../jobs/tables.js';
import type { CrmTables } from '../modules/crm/tables.js';
import type { ImportTables } from '../modules/crm/imports-tables.js';
import type { SalesTables } from '../modules/sales/tables.js';
import type { WebhookTables } from '../modules/integrations/webhooks-tables.js';
import type { IntegrationTables } from '../modules/integrations/tables.js';
import type { PrivacyTables } from '../modules/privacy/tables.js';
import type { AnalyticsTables } from '../modules/analytics/tables.js';
import type { MarketingTables } from '../modules/marketing/campaigns-tables.js';
import type { FormTables } from '../modules/marketing/forms-tables.js';
import type { GovernanceTables } from '../modules/governance/tables.js';
import type { BreachTables } from '../modules/governance/breaches-tables.js';
import type { RetentionTables } from '../modules/governance/retention-tables.js';
import type { ServiceTables } from '../modules/service/tables.js';
import type { BillingTables } from '../modules/billing/tables.js';

/** The whole schema as Kysely sees it: each area contributes its tables. */
export interface Database extends CoreTables, JobTables, CrmTables, ImportTables, SalesTables, WebhookTables, IntegrationTables, PrivacyTables, AnalyticsTables, MarketingTables, FormTables, BreachTables, GovernanceTables, RetentionTables, ServiceTables, BillingTables {}
