/**
 * Webhook signatures as the providers document them.
 * - Stripe: header `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]`, v1 = HMAC-SHA256(secret, `${t}.${raw body}`),
 *   refused when |now − t| exceeds the tolerance (300 s).
 * - Midtrans: `signature_key` = SHA-512(order_id + status_code + gross_amount + server key), hex.
 */
import { createHash, createHmac } from 'node:crypto';
import { safeEqual } from '../../lib/crypto.js';

export const STRIPE_TOLERANCE_S = 300;

export function stripeSignature(secret: string, payload: string, t: number): string {
  const v1 = createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

export type StripeVerdict = { ok: true; t: number } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export function verifyStripeSignature(secret: string, payload: string, header: string | undefined, now: Date, tolerance = STRIPE_TOLERANCE_S): StripeVerdict {
  if (!header) return { ok: false, reason: 'missing' };
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === 't' && /^\d{1,12}$/.test(v)) t = Number(v);
    if (k === 'v1' && /^[0-9a-f]{64}$/.test(v)) v1.push(v);
  }
  if (t === undefined || v1.length === 0) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex');
  if (!v1.some((s) => safeEqual(s, expected))) return { ok: false, reason: 'mismatch' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - t) > tolerance) return { ok: false, reason: 'stale' };
  return { ok: true, t };
}

export function midtransSignature(orderId: string, statusCode: string, grossAmount: string, serverKey: string): string {
  return createHash('sha512').update(`${orderId}${statusCode}${grossAmount}${serverKey}`, 'utf8').digest('hex');
}

export function verifyMidtransSignature(n: { order_id?: unknown; status_code?: unknown; gross_amount?: unknown; signature_key?: unknown }, serverKey: string): boolean {
  const { order_id, status_code, gross_amount, signature_key } = n;
  if (typeof order_id !== 'string' || typeof status_code !== 'string' || typeof gross_amount !== 'string' || typeof signature_key !== 'string') return false;
  return safeEqual(signature_key.toLowerCase(), midtransSignature(order_id, status_code, gross_amount, serverKey));
}
