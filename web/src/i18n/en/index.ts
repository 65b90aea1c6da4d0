import { analytics } from './analytics';
import { breaches } from './breaches';
import { dataProtection } from './dataProtection';
import { app } from './app';
import { auth } from './auth';
import { common } from './common';
import { crm } from './crm';
import { crmSettings } from './crmSettings';
import { forms } from './forms';
import { marketing } from './marketing';
import { policies } from './policies';
import { privacy } from './privacy';
import { sales } from './sales';
import { service } from './service';
import { settings } from './settings';
import { billing } from './billing';
import { integrations } from './integrations';

export const en = { common, auth, app, settings, crm, sales, crmSettings, privacy, analytics, forms, marketing, breaches, policies, dataProtection, service, billing, integrations };
