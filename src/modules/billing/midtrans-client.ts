/**
 * Midtrans as documented at docs.midtrans.com: Snap `POST /snap/v1/transactions` on the Snap host
 * and `GET /v2/{order_id}/status` on the Core API host, both with HTTP Basic auth (server key as
 * the user name, empty password) and JSON. Snap is a hosted page: card data stays with Midtrans.
 */
import { ProviderError } from './stripe-client.js';

export interface SnapInput {
  orderId: string;
  /** Whole rupiah: Midtrans takes IDR without decimals. */
  grossAmount: number;
  itemName: string;
  email: string;
  finishUrl: string;
}

export interface SnapTransaction {
  token: string;
  redirect_url: string;
}

export interface MidtransStatus {
  status_code: string;
  transaction_status: string;
  order_id: string;
  gross_amount: string;
  transaction_id?: string;
  fraud_status?: string;
  signature_key?: string;
  /** How it was paid (credit_card, gopay, bank_transfer, echannel, qris …) and the channel's details. */
  payment_type?: string;
  va_numbers?: { bank?: string; va_number?: string }[];
  permata_va_number?: string;
  /** Acquiring bank of a card payment. */
  bank?: string;
  /** First six and last four digits of a card, e.g. 481111-1114. */
  masked_card?: string;
  /** Convenience store of a cstore payment. */
  store?: string;
}

export class MidtransClient {
  constructor(
    private readonly apiBase: string,
    private readonly snapBase: string,
    private readonly serverKey: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private headers(): Record<string, string> {
    return { authorization: `Basic ${Buffer.from(`${this.serverKey}:`).toString('base64')}`, accept: 'application/json', 'content-type': 'application/json' };
  }

  private static fail(status: number, data: { error_messages?: string[]; status_message?: string; status_code?: string }): ProviderError {
    const message = data.error_messages?.join('; ') ?? data.status_message ?? `Midtrans answered ${status}`;
    return new ProviderError('midtrans', status, `midtrans_${data.status_code ?? status}`, message);
  }

  async createSnapTransaction(i: SnapInput): Promise<SnapTransaction> {
    const body = {
      transaction_details: { order_id: i.orderId, gross_amount: i.grossAmount },
      item_details: [{ id: i.orderId, price: i.grossAmount, quantity: 1, name: i.itemName.slice(0, 50) }],
      customer_details: { email: i.email },
      callbacks: { finish: i.finishUrl },
    };
    const res = await this.fetchImpl(`${this.snapBase}/snap/v1/transactions`, { method: 'POST', headers: this.headers(), body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
    const data = (await res.json().catch(() => ({}))) as SnapTransaction & { error_messages?: string[] };
    if (res.status !== 201 && res.status !== 200) throw MidtransClient.fail(res.status, data);
    return data;
  }

  async status(orderId: string): Promise<MidtransStatus> {
    const res = await this.fetchImpl(`${this.apiBase}/v2/${encodeURIComponent(orderId)}/status`, { method: 'GET', headers: this.headers(), signal: AbortSignal.timeout(15_000) });
    const data = (await res.json().catch(() => ({}))) as MidtransStatus & { status_message?: string };
    // The Core API may answer HTTP 200 with the real outcome in status_code.
    if (!res.ok || !['200', '201', '202', '407'].includes(data.status_code)) throw MidtransClient.fail(res.ok ? Number(data.status_code) || 502 : res.status, data);
    return data;
  }
}
