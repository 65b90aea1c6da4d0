/**
 * The stored form of a consent choice, free of the DOM: the snippet writes and reads it (effects.ts),
 * and browser tests that start from a choice already made build the same value.
 *
 * Form: `1.`, one digit per purpose in PURPOSES order, the time (base 36) and a tag of the wording
 * and policy versions the choice answered. A choice made under other words or another policy
 * version no longer counts: the banner asks again.
 */
import { PURPOSES, WORDING_VERSION, type Purpose } from './texts.js';

export type Choices = Record<Purpose, boolean>;

/** A short tag of a text (djb2, base 36). */
function hashTag(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

/** The tag of the banner's wording and the policy version in force (none given: ''). */
export const choiceTag = (policyVersion: string | undefined): string =>
  hashTag(`${WORDING_VERSION}|${policyVersion ?? ''}`);

export function choiceValue(c: Choices, tag: string, at: number): string {
  return `1.${PURPOSES.map((p) => (c[p] ? 1 : 0)).join('')}.${at.toString(36)}.${tag}`;
}

export function parseChoice(value: string, tag: string): Choices | null {
  const m = /^1\.([01]{4})\.[0-9a-z]+\.([0-9a-z]+)$/.exec(value);
  if (!m?.[1] || m[2] !== tag) return null;
  const bits = m[1];
  return {
    analytics: bits[0] === '1',
    marketing: bits[1] === '1',
    personalization: bits[2] === '1',
    ads: bits[3] === '1',
  };
}
