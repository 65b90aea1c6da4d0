/**
 * A local stand-in for the parts of the Stripe API billing uses, following docs.stripe.com/api:
 * Bearer secret key, form-encoded bodies, `{"error": {...}}` answers, Checkout Sessions (payment
 * and setup mode), PaymentIntent, SetupIntent, PaymentMethod and Refund objects, and events signed
 * the `Stripe-Signature` way. Tests drive the real client against it.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { stripeSignature } from '../signatures.js';
import { listen, send } from './http.js';

interface Session {
  id: string;
  object: 'checkout.session';
  url: string;
  mode: string;
  status: string;
  payment_status: string;
  payment_intent: string | null;
  setup_intent: string | null;
  amount_total: number | null;
  currency: string;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
}

/** The card Checkout collected; Stripe's test card by default. */
export interface FakeCard {
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
}

export const TEST_CARD: FakeCard = { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030 };

interface PaymentMethodObject {
  id: string;
  object: 'payment_method';
  type: 'card';
  card: FakeCard & { country: string; funding: string; display_brand: string; checks: Record<string, string | null>; fingerprint: string };
  billing_details: { address: Record<string, string | null>; email: string | null; name: string | null; phone: string | null };
  customer: string | null;
  created: number;
  livemode: false;
  metadata: Record<string, string>;
}

export interface StripeFake {
  base: string;
  requests: { method: string; path: string; form: Record<string, string>; idempotencyKey: string | undefined }[];
  sessions: Map<string, Session>;
  /** PaymentMethods by id (a test may remove one to make its retrieval answer 404 resource_missing). */
  paymentMethods: Map<string, unknown>;
  /** Pays a session (with `card`, the test Visa 4242 by default) and returns the signed `checkout.session.completed` event. */
  complete(sessionId: string, opts?: { at?: Date; card?: FakeCard }): SignedEvent;
  /** Completes a setup-mode session: a SetupIntent saved `card`; the signed `checkout.session.completed` event. */
  completeSetup(sessionId: string, opts?: { at?: Date; card?: FakeCard }): SignedEvent;
  /** The session's async payment failed (bank debit): `checkout.session.async_payment_failed`. */
  fail(sessionId: string, opts?: { at?: Date }): SignedEvent;
  /** `charge.refunded` for a paid session. */
  refunded(sessionId: string, opts?: { at?: Date }): SignedEvent;
  sign(payload: string, at?: Date): string;
  close(): Promise<void>;
}

export interface SignedEvent {
  id: string;
  payload: string;
  header: string;
}

const rand = (n = 12): string => randomBytes(n).toString('hex');

function bad(param: string, message: string, code = 'parameter_missing'): { status: number; body: unknown } {
  return { status: 400, body: { error: { type: 'invalid_request_error', code, param, message } } };
}

export async function startStripeFake(opts: { secretKey: string; webhookSecret: string }): Promise<StripeFake> {
  const requests: StripeFake['requests'] = [];
  const sessions = new Map<string, Session>();
  const intents = new Map<string, { id: string; object: 'payment_intent'; amount: number; currency: string; status: string; payment_method: string | null; metadata: Record<string, string> }>();
  const setupIntents = new Map<string, { id: string; object: 'setup_intent'; status: string; usage: string; payment_method: string | null; metadata: Record<string, string> }>();
  const methods = new Map<string, PaymentMethodObject>();
  let base = '';

  const authorised = (req: IncomingMessage): boolean => req.headers.authorization === `Bearer ${opts.secretKey}`;

  const srv = await listen((req, body, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const form = Object.fromEntries(new URLSearchParams(body));
    const idem = req.headers['idempotency-key'];
    requests.push({ method: req.method ?? '', path, form, idempotencyKey: typeof idem === 'string' ? idem : undefined });
    if (!authorised(req)) {
      send(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      return;
    }
    if (req.method === 'POST' && !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      send(res, 400, { error: { type: 'invalid_request_error', message: 'Invalid request: bodies are form-encoded' } });
      return;
    }
    if (req.method === 'POST' && path === '/v1/checkout/sessions') {
      const r = createSession(form);
      send(res, r.status, r.body);
      return;
    }
    if (req.method === 'POST' && path === '/v1/refunds') {
      const pi = form.payment_intent;
      if (!pi) return send(res, 400, (bad('payment_intent', 'Missing required param: payment_intent.') as { body: unknown }).body);
      const session = [...sessions.values()].find((s) => s.payment_intent === pi);
      if (!session || session.payment_status !== 'paid') return send(res, 400, (bad('payment_intent', `No such payment_intent: '${pi}'`, 'resource_missing') as { body: unknown }).body);
      const total = session.amount_total ?? 0;
      const amount = form.amount ? Number(form.amount) : total;
      if (!Number.isInteger(amount) || amount <= 0 || amount > total) return send(res, 400, (bad('amount', 'Refund amount is greater than the charge', 'amount_too_large') as { body: unknown }).body);
      send(res, 200, { id: `re_${rand()}`, object: 'refund', status: 'succeeded', amount, currency: session.currency, payment_intent: pi });
      return;
    }
    const get = req.method === 'GET' ? /^\/v1\/(payment_intents|setup_intents|payment_methods)\/([^/]+)$/.exec(path) : null;
    if (get?.[1] && get[2]) {
      const id = decodeURIComponent(get[2]);
      const found = get[1] === 'payment_intents' ? intents.get(id) : get[1] === 'setup_intents' ? setupIntents.get(id) : methods.get(id);
      const noun = get[1].slice(0, -1);
      if (!found) return send(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such ${noun}: '${id}'` } });
      return send(res, 200, found);
    }
    send(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method ?? ''}: ${path})` } });
  });
  base = srv.base;

  function createSession(f: Record<string, string>): { status: number; body: unknown } {
    if (!f.mode) return bad('mode', 'Missing required param: mode.');
    if (!['payment', 'subscription', 'setup'].includes(f.mode)) return bad('mode', 'Invalid mode', 'parameter_invalid_string');
    if (!f.success_url) return bad('success_url', 'Missing required param: success_url.');
    if (f.mode === 'setup') {
      // Dynamic payment methods need the currency in setup mode; line items are refused there.
      if (!f.currency) return bad('currency', 'Missing required param: currency.');
      if (Object.keys(f).some((k) => k.startsWith('line_items'))) return bad('line_items', 'You cannot pass `line_items` in `setup` mode.', 'parameter_unknown');
      return { status: 200, body: store(f, f.currency, null) };
    }
    const currency = f['line_items[0][price_data][currency]'];
    const unit = f['line_items[0][price_data][unit_amount]'];
    const qty = f['line_items[0][quantity]'];
    const name = f['line_items[0][price_data][product_data][name]'];
    if (!currency || !unit || !qty || !name) return bad('line_items', 'Missing required param: line_items[0][price_data].');
    if (!/^\d+$/.test(unit) || !/^\d+$/.test(qty)) return bad('line_items[0][price_data][unit_amount]', 'Invalid integer', 'parameter_invalid_integer');
    return { status: 200, body: store(f, currency, Number(unit) * Number(qty)) };
  }

  function store(f: Record<string, string>, currency: string, amount: number | null): Session {
    const id = `cs_test_${rand()}`;
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(f)) {
      const m = /^metadata\[(.+)\]$/.exec(k);
      if (m?.[1]) metadata[m[1]] = v;
    }
    const s: Session = {
      id,
      object: 'checkout.session',
      url: `${base}/c/pay/${id}`,
      mode: f.mode ?? 'payment',
      status: 'open',
      payment_status: amount === null ? 'no_payment_required' : 'unpaid',
      payment_intent: null,
      setup_intent: null,
      amount_total: amount,
      currency,
      client_reference_id: f.client_reference_id ?? null,
      customer_email: f.customer_email ?? null,
      metadata,
    };
    sessions.set(id, s);
    return s;
  }

  function paymentMethod(card: FakeCard): string {
    const id = `pm_${rand()}`;
    methods.set(id, {
      id,
      object: 'payment_method',
      type: 'card',
      card: { ...card, country: 'US', funding: 'credit', display_brand: card.brand, checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' }, fingerprint: rand(8) },
      billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null },
      customer: null,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      metadata: {},
    });
    return id;
  }

  function sign(payload: string, at: Date = new Date()): string {
    return stripeSignature(opts.webhookSecret, payload, Math.floor(at.getTime() / 1000));
  }

  function event(type: string, object: unknown, at: Date = new Date()): SignedEvent {
    const id = `evt_${rand()}`;
    const payload = JSON.stringify({ id, object: 'event', api_version: '2024-06-20', created: Math.floor(at.getTime() / 1000), livemode: false, type, data: { object } });
    return { id, payload, header: sign(payload, at) };
  }

  const must = (id: string): Session => {
    const s = sessions.get(id);
    if (!s) throw new Error(`no session ${id}`);
    return s;
  };

  return {
    base,
    requests,
    sessions,
    paymentMethods: methods,
    sign,
    complete(id, o = {}) {
      const s = must(id);
      if (s.mode !== 'payment') throw new Error(`session ${id} is in ${s.mode} mode`);
      s.status = 'complete';
      s.payment_status = 'paid';
      s.payment_intent ??= `pi_${rand()}`;
      intents.set(s.payment_intent, { id: s.payment_intent, object: 'payment_intent', amount: s.amount_total ?? 0, currency: s.currency, status: 'succeeded', payment_method: paymentMethod(o.card ?? TEST_CARD), metadata: s.metadata });
      return event('checkout.session.completed', s, o.at);
    },
    completeSetup(id, o = {}) {
      const s = must(id);
      if (s.mode !== 'setup') throw new Error(`session ${id} is in ${s.mode} mode`);
      s.status = 'complete';
      s.payment_status = 'no_payment_required';
      s.setup_intent ??= `seti_${rand()}`;
      setupIntents.set(s.setup_intent, { id: s.setup_intent, object: 'setup_intent', status: 'succeeded', usage: 'off_session', payment_method: paymentMethod(o.card ?? TEST_CARD), metadata: s.metadata });
      return event('checkout.session.completed', s, o.at);
    },
    fail(id, o = {}) {
      const s = must(id);
      s.status = 'complete';
      s.payment_status = 'unpaid';
      s.payment_intent ??= `pi_${rand()}`;
      return event('checkout.session.async_payment_failed', s, o.at);
    },
    refunded(id, o = {}) {
      const s = must(id);
      return event('charge.refunded', { id: `ch_${rand()}`, object: 'charge', payment_intent: s.payment_intent, amount: s.amount_total, amount_refunded: s.amount_total, refunded: true, metadata: s.metadata }, o.at);
    },
    close: () => srv.close(),
  };
}
