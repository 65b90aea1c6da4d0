import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { midtransSignature, stripeSignature, verifyMidtransSignature, verifyStripeSignature } from './signatures.js';

const SECRET = 'whsec_test_secret';

describe('Stripe-Signature', () => {
  const payload = '{"id":"evt_1","type":"checkout.session.completed"}';
  const now = new Date('2026-05-01T00:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  it('accepts a valid signature inside the tolerance, also among several v1 values', () => {
    const header = stripeSignature(SECRET, payload, t);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyStripeSignature(SECRET, payload, header, now)).toEqual({ ok: true, t });
    expect(verifyStripeSignature(SECRET, payload, `${header},v1=${'0'.repeat(64)},v0=abc`, new Date(now.getTime() + 299_000))).toMatchObject({ ok: true });
  });

  it('refuses forged, altered, stale, missing and malformed signatures', () => {
    const header = stripeSignature(SECRET, payload, t);
    expect(verifyStripeSignature('whsec_other', payload, header, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyStripeSignature(SECRET, payload.replace('evt_1', 'evt_2'), header, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyStripeSignature(SECRET, payload, header, new Date(now.getTime() + 301_000))).toEqual({ ok: false, reason: 'stale' });
    expect(verifyStripeSignature(SECRET, payload, header, new Date(now.getTime() - 301_000))).toEqual({ ok: false, reason: 'stale' });
    expect(verifyStripeSignature(SECRET, payload, undefined, now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyStripeSignature(SECRET, payload, 'v1=abc', now)).toEqual({ ok: false, reason: 'malformed' });
    // A timestamp moved forward with the old v1 is a forgery, not a fresh call.
    expect(verifyStripeSignature(SECRET, payload, header.replace(`t=${t}`, `t=${t + 400}`), new Date(now.getTime() + 400_000))).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('Midtrans signature_key', () => {
  it('is SHA-512 of order_id + status_code + gross_amount + server key', () => {
    const expected = createHash('sha512').update('KDP-2026-000001-x200100000.00SB-Mid-server-key').digest('hex');
    expect(midtransSignature('KDP-2026-000001-x', '200', '100000.00', 'SB-Mid-server-key')).toBe(expected);
    const n = { order_id: 'KDP-2026-000001-x', status_code: '200', gross_amount: '100000.00', signature_key: expected };
    expect(verifyMidtransSignature(n, 'SB-Mid-server-key')).toBe(true);
    expect(verifyMidtransSignature({ ...n, gross_amount: '1.00' }, 'SB-Mid-server-key')).toBe(false);
    expect(verifyMidtransSignature(n, 'another-key')).toBe(false);
    expect(verifyMidtransSignature({ ...n, signature_key: undefined }, 'SB-Mid-server-key')).toBe(false);
    expect(verifyMidtransSignature({ ...n, gross_amount: 100000 }, 'SB-Mid-server-key')).toBe(false);
  });
});
