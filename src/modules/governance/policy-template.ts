/**
 * The privacy policy Kodepos ships, written for this product. Its sections follow the facts the
 * product keeps in code (retention, rights, breach clock, age limit); `{{…}}` fields are filled
 * from the operator's settings.
 */
export interface OperatorDetails {
  name: string;
  site: string;
  email: string;
  phones: string;
  addresses: string;
}

export const DEFAULT_OPERATOR: OperatorDetails = {
  name: 'Kodepos Digital Solutions',
  site: 'https://sales.kodepos.co.id',
  email: 'privacy@sales.kodepos.co.id',
  phones: '+62 21 5678 4321 (Indonesia) · +1 248 495 7183 (USA)',
  addresses:
    'EightyEight @Kasablanka Tower A, 10th Floor, Jl. Raya Casablanca No. 88, Jakarta Selatan 12870, Indonesia · 1420 Washington Blvd, Suite 301, Detroit, MI 48226, USA',
};

const TEMPLATE = `# Privacy Policy

This policy describes what personal data {{name}} processes when you use {{site}} and the Kodepos
platform for sales, marketing, customer relationships and customer service, why we do it, how long
we keep it and how you control it.

## 1. Who is responsible
{{name}} runs this platform from Jakarta, Indonesia, with a support office in Detroit, Michigan,
USA. For the data of your own visitors, accounts, demo requests, billing and analytics we are the
controller. For the contacts a customer workspace keeps in the CRM, that customer is the controller
and we process the data on its behalf.

Privacy contact: [{{email}}](mailto:{{email}}).

## 2. What we collect
**Data you give us.** When you sign up or ask for a demo: your name, email address, company and,
if you choose, a phone number. For paid plans we also keep billing details: company, billing
address and tax number. Card details go straight to the payment provider and never reach our
servers.

**Technical data.** A shortened IP address (the last part is removed before storage), the country
derived from it, browser and version, operating system, device type, time zone and the page that
referred you.

**Usage data.** Pages you open, time spent on them and which features you use.

**Cookies and similar storage.** A session cookie keeps you signed in. Analytics, personalisation
and advertising cookies are only set after you allow them in the cookie banner; see the
[cookie policy](/cookies).

## 3. Why we use it
- to run the platform and keep your account working (contract);
- to make the product faster and easier to use (legitimate interest, or consent for analytics cookies);
- to answer support requests (contract);
- to send product updates and promotions (consent, which you can withdraw at any time) and security alerts (legal obligation and legitimate interest);
- to handle subscriptions, invoices and payments (contract, legal obligation);
- to meet legal duties and enforce our terms.

We do not sell or rent personal data to anyone.

## 4. Who receives it
- **Service providers** that work for us under written data-protection agreements: payment
  gateways, analytics, email delivery and CRM integrations. The current list, with each provider's
  country and transfer safeguard, is on the [sub-processor page](/subprocessors).
- **Authorities**, when the law requires it or to protect rights and safety.
- **A buyer or successor** if our business or its assets are transferred; you will be told before
  your data moves under a different policy.

## 5. How long we keep it
We keep data only while it serves the purpose it was collected for, or while the law makes us keep
it (for example invoices for tax law). Accounts with no sign-in or activity for **24 months** are
warned by email 30 days ahead and then anonymised or deleted. Unconverted demo requests, closed
support tickets and raw analytics events have shorter periods listed in the records of processing.

## 6. Your rights
Wherever you live you can ask us to:
- **access** — get a copy of your data;
- **correct** — fix inaccurate or incomplete data;
- **delete** — erase your data ("right to be forgotten"), except what the law makes us keep;
- **restrict** — limit how we use your data while a question is settled;
- **port** — receive your data in a structured, machine-readable format (JSON and CSV);
- **withdraw consent** — stop marketing email and tracking at any time, as easily as you gave it.

Use the [privacy request portal](/privacy-request), the links in our emails, your account settings,
or write to {{email}}. We confirm your identity by email, tell you the due date, and answer within
the time your law sets (for example 3×24 hours for access and correction under Indonesia's UU PDP,
one month under the GDPR, 45 days under the CCPA). A browser's Global Privacy Control signal is
honoured as an opt-out of sale and sharing.

## 7. Security
Connections are encrypted with HTTPS. Servers run in regulated data centres, access is limited by
role and logged, passwords are stored with argon2id, two-factor sign-in is available, and every
change to personal data is written to a tamper-evident audit log. Our security is audited
regularly. No system is perfectly secure, and we tell you if something goes wrong (section 11).

## 8. Cookies
We use cookies to keep you signed in and remember your settings, to make the site work, and — only
with your permission — to measure traffic and performance. You can change your choice at any time
from the "Cookie settings" link, or block cookies in your browser; some features may then stop
working.

## 9. Third-party tools
The platform can work with Google Analytics (web analytics), Stripe and Midtrans (payments),
Mailchimp and Brevo (email marketing), and Meta and LinkedIn (advertising audiences and
conversions). Data only reaches them when the purpose is allowed by your choices. Each has its own
privacy policy, which we encourage you to read.

## 10. International transfers
Data may move between our offices in Indonesia and the United States. Each transfer is logged and
rests on a safeguard the GDPR, the CCPA and UU No. 27/2022 accept: an adequate level of protection,
standard contractual clauses, or your consent.

## 11. Personal-data breaches
If a breach happens we contain and investigate it at once, notify the competent authority within
72 hours, tell affected people in writing within 72 hours (3×24 hours) with what happened, which
data, and what we are doing about it, and follow the authority's guidance.

## 12. Children
Kodepos is not meant for anyone under 18 and sign-up requires confirming your age. If we learn that
we hold data of a minor, we delete it without delay. You can report such a case through the privacy
request portal.

## 13. Changes to this policy
When this policy changes we publish the new version here with its "Last Updated" date and keep the
earlier versions available. Registered users are emailed about every change before it takes effect,
and for important changes we ask you to accept the new version at your next sign-in.

## 14. Contact
{{name}}
- Email: [{{email}}](mailto:{{email}})
- Phone: {{phones}}
- Addresses: {{addresses}}
`;

export function renderPolicyTemplate(op: OperatorDetails = DEFAULT_OPERATOR): string {
  return TEMPLATE.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => op[key as keyof OperatorDetails] ?? '');
}
