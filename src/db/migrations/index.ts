import type { DialectMigration } from '../migrate.js';
import * as m0001 from './0001_core.js';
import * as m0002 from './0002_jobs.js';
import * as m0003 from './0003_crm.js';
import * as m0004 from './0004_sales.js';
import * as m0005 from './0005_search.js';
import * as m0006 from './0006_imports.js';
import * as m0007 from './0007_webhooks.js';
import * as m0008 from './0008_totp_step.js';
import * as m0009 from './0009_privacy.js';
import * as m0010 from './0010_list_sort_indexes.js';
import * as m0011 from './0011_audit_actor_idx.js';
import * as m0012 from './0012_request_locale.js';
import * as m0013 from './0013_analytics.js';
import * as m0014 from './0014_marketing.js';
import * as m0015 from './0015_forms.js';
import * as m0016 from './0016_breaches.js';
import * as m0017 from './0017_policies_subprocessors.js';
import * as m0018 from './0018_retention.js';
import * as m0019 from './0019_marketing_runs.js';
import * as m0020 from './0020_service.js';
import * as m0022 from './0022_governance_gaps.js';
import * as m0023 from './0023_billing.js';
import * as m0024 from './0024_integrations.js';
import * as m0025 from './0025_billing_gaps.js';
import * as m0026 from './0026_integrations_gaps.js';

/** Every migration, in order. Names sort; add new ones at the end. */
export const migrations: Record<string, DialectMigration> = {
  '0001_core': m0001,
  '0002_jobs': m0002,
  '0003_crm': m0003,
  '0004_sales': m0004,
  '0005_search': m0005,
  '0006_imports': m0006,
  '0007_webhooks': m0007,
  '0008_totp_step': m0008,
  '0009_privacy': m0009,
  '0010_list_sort_indexes': m0010,
  '0011_audit_actor_idx': m0011,
  '0012_request_locale': m0012,
  '0013_analytics': m0013,
  '0014_marketing': m0014,
  '0015_forms': m0015,
  '0016_breaches': m0016,
  '0017_policies_subprocessors': m0017,
  '0018_retention': m0018,
  '0019_marketing_runs': m0019,
  '0020_service': m0020,
  '0022_governance_gaps': m0022,
  '0023_billing': m0023,
  '0024_integrations': m0024,
  '0025_billing_gaps': m0025,
  '0026_integrations_gaps': m0026,
};
