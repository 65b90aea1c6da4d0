/** Every file of data-map entries, one line each; datamap.ts merges them all. */
export { coreTables } from './core.js';
export { jobTables } from './jobs.js';
export { systemTables } from './system.js';
export { crmTables, salesTables } from './crm.js';
export { importTables } from './imports.js';
export { webhookTables } from './webhooks.js';
export { integrationTables } from './integrations.js';
export { privacyTables } from './privacy.js';
export { analyticsTables } from './analytics.js';
export { formTables } from './forms.js';
export { marketingTables } from './marketing.js';
export { breachTables } from './breaches.js';
export { governanceTables } from './governance.js';
export { retentionTables } from './retention.js';
export { serviceTables } from './service.js';
export { billingTables } from './billing.js';
