import type { Recipient } from './datamap/types.js';

/**
 * The sub-processor register behind the data map's `recipients` ids (policy sections 4 and 9):
 * who they are and where they process. A recipient outside Indonesia is a cross-border transfer
 * (UU PDP Pasal 56) and is named as one in the access report.
 */
export interface RecipientInfo {
  name: string;
  role: string;
  /** ISO country code where the data is processed; null when the operator chooses (own mail server). */
  country: string | null;
}

export const RECIPIENT_INFO: Record<Recipient, RecipientInfo> = {
  smtp: { name: "The operator's outgoing mail server", role: 'Delivers email', country: null },
  stripe: { name: 'Stripe, Inc.', role: 'Card payments', country: 'US' },
  midtrans: { name: 'PT Midtrans', role: 'Payments in Indonesia', country: 'ID' },
  google_analytics: { name: 'Google LLC (Google Analytics)', role: 'Web analytics', country: 'US' },
  mailchimp: { name: 'Intuit Mailchimp', role: 'Email marketing', country: 'US' },
  brevo: { name: 'Brevo (Sendinblue SAS)', role: 'Email marketing', country: 'FR' },
  meta: { name: 'Meta Platforms, Inc.', role: 'Advertising audiences', country: 'US' },
  linkedin: { name: 'LinkedIn Corporation', role: 'Advertising audiences', country: 'US' },
};

/** Third-party integrations that hold their own copy of a subject and get a deletion task on erasure. */
export const INTEGRATION_RECIPIENTS: readonly Recipient[] = ['mailchimp', 'brevo', 'meta', 'linkedin', 'google_analytics'];

const COUNTRY_NAMES: Record<string, string> = { US: 'United States', FR: 'France', ID: 'Indonesia', IE: 'Ireland' };

export const countryName = (code: string): string => COUNTRY_NAMES[code] ?? code;

/** Whether data sent to this recipient leaves Indonesia. */
export const isTransfer = (r: Recipient): boolean => {
  const c = RECIPIENT_INFO[r].country;
  return c !== null && c !== 'ID';
};
