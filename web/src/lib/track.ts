/**
 * In-app feature usage for the platform's own analytics, through the consent snippet
 * (/snippet.js, `window.Kodepos`) when the page loads it. The snippet decides whether anything
 * leaves the browser: with analytics allowed it sends the event with the visitor id; before a
 * choice or after a refusal it sends nothing (unless the operator opted in to anonymous counting).
 * Without the snippet on the page this does nothing.
 *
 * Names are `area.action` constants: a feature name must never carry personal data, so callers
 * pick from this list rather than build a string.
 */
export type Feature =
  'contacts.create' | 'crm.import_start' | 'sales.deal_move' | 'privacy.request_complete' | 'search.result_open';

interface KodeposGlobal {
  Kodepos?: { track?: (feature: string) => void };
}

export function trackFeature(feature: Feature): void {
  try {
    (window as Window & KodeposGlobal).Kodepos?.track?.(feature);
  } catch {
    // Usage counting must never break the action it counts.
  }
}
