/**
 * Stripe over HTTPS, as documented at docs.stripe.com/api: form-encoded POST bodies, the secret
 * key as a Bearer token, JSON answers, errors as `{"error": {"type", "code", "message", "param"}}`.
 * Only hosted Checkout is used, so card data never passes through the platform; a PaymentMethod
 * is read back only for its display data (brand, last four digits, expiry).
 */
export class ProviderError extends Error {
  constructor(
    readonly provider: 'stripe' | 'midtrans',
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Stripe's bracket notation: `{a: {b: [1]}}` → `a[b][0]=1`. */
export function formEncode(obj: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined || v === null) continue;
    const key = prefix ? `${prefix}[${k}]` : k;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (x !== null && typeof x === 'object') out.push(...formEncode(x as Record<string, unknown>, `${key}[${i}]`));
        else out.push(`${encodeURIComponent(`${key}[${i}]`)}=${encodeURIComponent(String(x))}`);
      });
    } else if (typeof v === 'object') out.push(...formEncode(v as Record<string, unknown>, key));
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return out;
}

export interface CheckoutSessionInput {
  invoiceId: string;
  invoiceNumber: string;
  currency: 'IDR' | 'USD';
  /** Minor units. */
  amount: number;
  description: string;
  customerEmail: string;
  successUrl: string;
  cancelUrl: string;
}

export interface CheckoutSession {
  id: string;
  url: string;
  payment_intent: string | null;
  payment_status: string;
  status: string;
}

/** A Checkout Session in setup mode: collects a payment method for later, charges nothing. */
export interface SetupSessionInput {
  workspaceId: string;
  currency: 'IDR' | 'USD';
  successUrl: string;
  cancelUrl: string;
}

export interface PaymentIntent {
  id: string;
  status: string;
  payment_method: string | null;
}

export interface SetupIntent {
  id: string;
  status: string;
  payment_method: string | null;
}

/** The parts of a PaymentMethod billing reads: its type and the card's display data. */
export interface PaymentMethod {
  id: string;
  type: string;
  card?: { brand?: string; last4?: string; exp_month?: number; exp_year?: number } | null;
}

export interface Refund {
  id: string;
  status: string;
  amount: number;
  payment_intent: string;
}

export class StripeClient {
  constructor(
    private readonly apiBase: string,
    private readonly secretKey: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private async post<T>(path: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.secretKey}`,
      'content-type': 'application/x-www-form-urlencoded',
    };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const res = await this.fetchImpl(`${this.apiBase}${path}`, { method: 'POST', headers, body: formEncode(body).join('&'), signal: AbortSignal.timeout(15_000) });
    const data = (await res.json().catch(() => ({}))) as { error?: { code?: string; type?: string; message?: string } } & T;
    if (!res.ok) throw new ProviderError('stripe', res.status, data.error?.code ?? data.error?.type ?? 'stripe_error', data.error?.message ?? `Stripe answered ${res.status}`);
    return data;
  }

  private async get<T>(path: string): Promise<T> {
    const res = await this.fetchImpl(`${this.apiBase}${path}`, { method: 'GET', headers: { authorization: `Bearer ${this.secretKey}` }, signal: AbortSignal.timeout(15_000) });
    const data = (await res.json().catch(() => ({}))) as { error?: { code?: string; type?: string; message?: string } } & T;
    if (!res.ok) throw new ProviderError('stripe', res.status, data.error?.code ?? data.error?.type ?? 'stripe_error', data.error?.message ?? `Stripe answered ${res.status}`);
    return data;
  }

  /** POST /v1/checkout/sessions (mode=payment, one line with inline price data). */
  createCheckoutSession(i: CheckoutSessionInput): Promise<CheckoutSession> {
    return this.post<CheckoutSession>(
      '/v1/checkout/sessions',
      {
        mode: 'payment',
        success_url: i.successUrl,
        cancel_url: i.cancelUrl,
        client_reference_id: i.invoiceId,
        customer_email: i.customerEmail,
        line_items: [{ quantity: 1, price_data: { currency: i.currency.toLowerCase(), unit_amount: i.amount, product_data: { name: i.description } } }],
        metadata: { invoice_id: i.invoiceId, invoice_number: i.invoiceNumber },
        payment_intent_data: { metadata: { invoice_id: i.invoiceId } },
      },
      `checkout-${i.invoiceId}-${i.amount}`,
    );
  }

  /** POST /v1/checkout/sessions with mode=setup: the customer saves a payment method on Stripe's page. */
  createSetupSession(i: SetupSessionInput): Promise<CheckoutSession> {
    return this.post<CheckoutSession>('/v1/checkout/sessions', {
      mode: 'setup',
      currency: i.currency.toLowerCase(),
      success_url: i.successUrl,
      cancel_url: i.cancelUrl,
      client_reference_id: i.workspaceId,
      metadata: { workspace_id: i.workspaceId, purpose: 'payment_method' },
      setup_intent_data: { metadata: { workspace_id: i.workspaceId } },
    });
  }

  /** GET /v1/payment_intents/{id}. */
  paymentIntent(id: string): Promise<PaymentIntent> {
    return this.get<PaymentIntent>(`/v1/payment_intents/${encodeURIComponent(id)}`);
  }

  /** GET /v1/setup_intents/{id}. */
  setupIntent(id: string): Promise<SetupIntent> {
    return this.get<SetupIntent>(`/v1/setup_intents/${encodeURIComponent(id)}`);
  }

  /** GET /v1/payment_methods/{id}. */
  paymentMethod(id: string): Promise<PaymentMethod> {
    return this.get<PaymentMethod>(`/v1/payment_methods/${encodeURIComponent(id)}`);
  }

  /** POST /v1/refunds for a PaymentIntent; the whole amount when `amount` is left out. */
  refund(paymentIntent: string, amount?: number): Promise<Refund> {
    return this.post<Refund>('/v1/refunds', { payment_intent: paymentIntent, amount });
  }
}
