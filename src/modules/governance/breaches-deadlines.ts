/**
 * The clocks of a personal-data breach (LAW.md), as pure functions of the moment the controller
 * became aware. Hours are counted as elapsed time in UTC, so no time zone, daylight-saving change
 * or month length moves them.
 *
 * - GDPR Art. 33(1): the supervisory authority within 72 hours of becoming aware.
 * - GDPR Art. 34: the subjects "without undue delay" when the risk is high (no hour figure).
 * - UU PDP Pasal 46: written notice within 3×24 hours to the subjects and to the authority.
 * - Policy §11: users are told within 72 hours.
 *
 * The product applies the strictest rule that fits: both clocks run 72 hours from awareness, the
 * subjects' one set by UU PDP and the policy, since GDPR gives no figure of its own.
 */
import { HOUR } from '../../lib/clock.js';

export const AUTHORITY_HOURS = 72;
export const SUBJECTS_HOURS = 3 * 24;

export interface BreachDeadlines {
  authority: string;
  subjects: string;
}

/** Deadlines for a breach the controller became aware of at `awareAt` (an ISO time). */
export function breachDeadlines(awareAt: string | Date): BreachDeadlines {
  const t = new Date(awareAt).getTime();
  if (Number.isNaN(t)) throw new RangeError('awareAt is not a time');
  return {
    authority: new Date(t + AUTHORITY_HOURS * HOUR).toISOString(),
    subjects: new Date(t + SUBJECTS_HOURS * HOUR).toISOString(),
  };
}

/** The rules behind each clock, for the UI and the authority report. */
export const DEADLINE_RULES = {
  authority: 'GDPR Art. 33(1): 72 hours from awareness; UU PDP Pasal 46: 3×24 hours',
  subjects: 'UU PDP Pasal 46: 3×24 hours from awareness (GDPR Art. 34: without undue delay; policy §11: 72 hours)',
} as const;
