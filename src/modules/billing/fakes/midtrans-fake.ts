/**
 * A local stand-in for Midtrans Snap and the Core API status call, following docs.midtrans.com:
 * Basic auth with the server key, JSON bodies, `error_messages` on a refused Snap request, and HTTP
 * notifications signed with SHA-512(order_id + status_code + gross_amount + server key).
 */
import { randomBytes } from 'node:crypto';
import { midtransSignature } from '../signatures.js';
import { listen, send } from './http.js';

interface Tx {
  order_id: string;
  gross_amount: number;
  transaction_id: string;
  transaction_status: string;
  /** How it was paid: bank_transfer (a BCA virtual account by default), gopay, credit_card … */
  payment: PaymentDetails;
}

/** The payment fields of a Midtrans notification and status answer for the channel used. */
export interface FakePayment {
  paymentType: string;
  bank?: string;
  maskedCard?: string;
}

type PaymentDetails = Record<string, unknown>;

/** An HTTP notification body: the signed fields as strings, plus the channel's payment fields. */
export type Notification = Record<string, unknown> & { order_id: string; status_code: string; gross_amount: string; transaction_status: string; signature_key: string };

/** The fields Midtrans documents per payment channel (virtual account numbers, masked card, store). */
function paymentDetails(p: FakePayment): PaymentDetails {
  switch (p.paymentType) {
    case 'bank_transfer':
      return p.bank === 'permata' ? { payment_type: 'bank_transfer', permata_va_number: '8562000000000001' } : { payment_type: 'bank_transfer', va_numbers: [{ bank: p.bank ?? 'bca', va_number: '12345678901' }] };
    case 'echannel':
      return { payment_type: 'echannel', bill_key: '000000000001', biller_code: '70012' };
    case 'credit_card':
      return { payment_type: 'credit_card', masked_card: p.maskedCard ?? '481111-1114', bank: p.bank ?? 'bni', card_type: 'credit', channel_response_code: '00', approval_code: '1600000000000' };
    case 'cstore':
      return { payment_type: 'cstore', store: p.bank ?? 'indomaret', payment_code: '0000000000001' };
    default:
      return { payment_type: p.paymentType };
  }
}

export interface MidtransFake {
  base: string;
  requests: { method: string; path: string; json: unknown }[];
  transactions: Map<string, Tx>;
  /** Sets the transaction's status (settlement, deny, expire, refund …) and how it was paid; returns the signed notification body. */
  notify(orderId: string, status: string, payment?: FakePayment): Notification;
  close(): Promise<void>;
}

const amountText = (n: number): string => `${n}.00`;
const codeOf = (status: string): string => (status === 'pending' ? '201' : ['deny', 'cancel', 'expire', 'failure'].includes(status) ? '202' : '200');

export async function startMidtransFake(opts: { serverKey: string }): Promise<MidtransFake> {
  const requests: MidtransFake['requests'] = [];
  const transactions = new Map<string, Tx>();
  const auth = `Basic ${Buffer.from(`${opts.serverKey}:`).toString('base64')}`;
  let base = '';

  const srv = await listen((req, body, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    let json: unknown = null;
    try {
      json = body ? JSON.parse(body) : null;
    } catch {
      json = undefined;
    }
    requests.push({ method: req.method ?? '', path, json });
    if (req.headers.authorization !== auth) {
      send(res, 401, { error_messages: ['Access denied due to unauthorized transaction, please check client or server key', 'Visit https://snap-docs.midtrans.com/#request-headers for more details'] });
      return;
    }
    if (req.method === 'POST' && path === '/snap/v1/transactions') {
      if (json === undefined || typeof json !== 'object' || json === null) return send(res, 400, { error_messages: ['Request body is not valid JSON'] });
      const b = json as { transaction_details?: { order_id?: unknown; gross_amount?: unknown }; item_details?: { price?: unknown; quantity?: unknown }[] };
      const td = b.transaction_details;
      const errs: string[] = [];
      if (!td || typeof td.order_id !== 'string' || td.order_id.length === 0 || td.order_id.length > 50) errs.push('transaction_details.order_id is required');
      if (!td || typeof td.gross_amount !== 'number' || !Number.isInteger(td.gross_amount) || td.gross_amount < 1) errs.push('transaction_details.gross_amount must be an integer of at least 1');
      if (b.item_details && td && typeof td.gross_amount === 'number') {
        const sum = b.item_details.reduce((acc, it) => acc + Number(it.price) * Number(it.quantity), 0);
        if (sum !== td.gross_amount) errs.push('transaction_details.gross_amount is not equal to the sum of item_details');
      }
      if (td && typeof td.order_id === 'string' && transactions.has(td.order_id)) errs.push('transaction_details.order_id has already been taken');
      if (errs.length) return send(res, 400, { error_messages: errs });
      const orderId = td?.order_id as string;
      transactions.set(orderId, { order_id: orderId, gross_amount: td?.gross_amount as number, transaction_id: randomBytes(16).toString('hex'), transaction_status: 'pending', payment: paymentDetails({ paymentType: 'bank_transfer' }) });
      const token = randomBytes(16).toString('hex');
      send(res, 201, { token, redirect_url: `${base}/snap/v4/redirection/${token}` });
      return;
    }
    const m = /^\/v2\/([^/]+)\/status$/.exec(path);
    if (req.method === 'GET' && m?.[1]) {
      const tx = transactions.get(decodeURIComponent(m[1]));
      if (!tx) return send(res, 404, { status_code: '404', status_message: "Transaction doesn't exist." });
      const code = codeOf(tx.transaction_status);
      send(res, 200, {
        status_code: code,
        status_message: 'Success, transaction is found',
        transaction_id: tx.transaction_id,
        order_id: tx.order_id,
        gross_amount: amountText(tx.gross_amount),
        currency: 'IDR',
        transaction_status: tx.transaction_status,
        fraud_status: 'accept',
        ...tx.payment,
        signature_key: midtransSignature(tx.order_id, code, amountText(tx.gross_amount), opts.serverKey),
      });
      return;
    }
    send(res, 404, { status_code: '404', status_message: 'The requested resource is not found' });
  });
  base = srv.base;

  return {
    base,
    requests,
    transactions,
    notify(orderId, status, payment) {
      const tx = transactions.get(orderId);
      if (!tx) throw new Error(`no transaction ${orderId}`);
      tx.transaction_status = status;
      if (payment) tx.payment = paymentDetails(payment);
      const code = codeOf(status);
      return {
        transaction_time: new Date().toISOString().replace('T', ' ').slice(0, 19),
        transaction_status: status,
        transaction_id: tx.transaction_id,
        status_message: 'midtrans payment notification',
        status_code: code,
        signature_key: midtransSignature(orderId, code, amountText(tx.gross_amount), opts.serverKey),
        ...tx.payment,
        order_id: orderId,
        merchant_id: 'G000000000',
        gross_amount: amountText(tx.gross_amount),
        fraud_status: 'accept',
        currency: 'IDR',
      };
    },
    close: () => srv.close(),
  };
}
