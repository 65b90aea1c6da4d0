/** Printable invoices: one HTML page (print stylesheet) and a PDF drawn with pdf-lib, EN or ID. */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { escapeHtml } from '../../mail/layout.js';
import type { InvoiceDetail } from './invoices-service.js';
import { formatMoney } from './money.js';

export type InvoiceLocale = 'en' | 'id';

const T = {
  en: { invoice: 'Invoice', creditNote: 'Credit note', number: 'Number', issued: 'Issued', due: 'Due', paid: 'Paid', status: 'Status', billTo: 'Bill to', taxId: 'Tax id', from: 'From', description: 'Description', qty: 'Qty', unit: 'Unit price', amount: 'Amount', subtotal: 'Subtotal', tax: 'Tax', none: 'No tax', total: 'Total', period: 'Period' },
  id: { invoice: 'Faktur', creditNote: 'Nota kredit', number: 'Nomor', issued: 'Tanggal terbit', due: 'Jatuh tempo', paid: 'Dibayar', status: 'Status', billTo: 'Ditagihkan kepada', taxId: 'NPWP', from: 'Dari', description: 'Uraian', qty: 'Jml', unit: 'Harga satuan', amount: 'Jumlah', subtotal: 'Subtotal', tax: 'Pajak', none: 'Tanpa pajak', total: 'Total', period: 'Periode' },
} as const;

const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '—');

export interface Seller {
  name: string;
  email: string;
}

function taxLine(inv: InvoiceDetail, l: InvoiceLocale): string {
  return inv.taxLabel === 'none' ? T[l].none : `${inv.taxLabel} ${inv.taxRate}%`;
}

export function invoiceHtml(inv: InvoiceDetail, seller: Seller, l: InvoiceLocale): string {
  const t = T[l];
  const m = (n: number): string => escapeHtml(formatMoney(n, inv.currency));
  const title = `${inv.total < 0 ? t.creditNote : t.invoice} ${inv.number ?? ''}`;
  const rows = inv.lines
    .map((x) => `<tr><td>${escapeHtml(x.description)}${x.periodStart ? `<br><small>${t.period}: ${day(x.periodStart)} – ${day(x.periodEnd)}</small>` : ''}</td><td class="n">${x.quantity}</td><td class="n">${m(x.unitAmount)}</td><td class="n">${m(x.amount)}</td></tr>`)
    .join('\n');
  return `<!doctype html><html lang="${l}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:Arial,Helvetica,sans-serif;color:#1a1b1e;max-width:800px;margin:24px auto;padding:0 16px}table{width:100%;border-collapse:collapse}td,th{padding:6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}.n{text-align:right;white-space:nowrap}.cols{display:flex;justify-content:space-between;gap:24px}@media print{body{margin:0}}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<div class="cols"><div><h2>${t.from}</h2><p>${escapeHtml(seller.name)}<br>${escapeHtml(seller.email)}</p></div>
<div><h2>${t.billTo}</h2><p>${escapeHtml(inv.billTo.company)}<br>${escapeHtml(inv.billTo.address).replace(/\n/g, '<br>')}<br>${escapeHtml(inv.billTo.country)}${inv.billTo.taxId ? `<br>${t.taxId}: ${escapeHtml(inv.billTo.taxId)}` : ''}<br>${escapeHtml(inv.billTo.email)}</p></div>
<div><p>${t.number}: <strong>${escapeHtml(inv.number ?? '')}</strong><br>${t.issued}: ${day(inv.issuedAt)}<br>${t.due}: ${day(inv.dueAt)}${inv.paidAt ? `<br>${t.paid}: ${day(inv.paidAt)}` : ''}<br>${t.status}: ${escapeHtml(inv.status)}</p></div></div>
<table><thead><tr><th>${t.description}</th><th class="n">${t.qty}</th><th class="n">${t.unit}</th><th class="n">${t.amount}</th></tr></thead><tbody>
${rows}
</tbody><tfoot><tr><td colspan="3" class="n">${t.subtotal}</td><td class="n">${m(inv.subtotal)}</td></tr>
<tr><td colspan="3" class="n">${escapeHtml(taxLine(inv, l))}</td><td class="n">${m(inv.taxAmount)}</td></tr>
<tr><td colspan="3" class="n"><strong>${t.total} (${inv.currency})</strong></td><td class="n"><strong>${m(inv.total)}</strong></td></tr></tfoot></table>
</body></html>`;
}

/** The standard PDF fonts speak WinAnsi only: anything else is replaced rather than refused. */
const winAnsi = (s: string): string => s.replace(/[–—]/g, '-').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

export async function invoicePdf(inv: InvoiceDetail, seller: Seller, l: InvoiceLocale): Promise<Buffer> {
  const t = T[l];
  const doc = await PDFDocument.create();
  doc.setTitle(`${t.invoice} ${inv.number ?? ''}`);
  doc.setProducer('Kodepos');
  doc.setCreationDate(inv.issuedAt ? new Date(inv.issuedAt) : new Date(0));
  doc.setModificationDate(inv.issuedAt ? new Date(inv.issuedAt) : new Date(0));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([595.28, 841.89]);
  let y = 800;
  const text = (s: string, x: number, size = 10, f = font): void => {
    page.drawText(winAnsi(s), { x, y, size, font: f, color: rgb(0.1, 0.1, 0.12) });
  };
  const right = (s: string, xRight: number, size = 10, f = font): void => {
    const w = f.widthOfTextAtSize(winAnsi(s), size);
    text(s, xRight - w, size, f);
  };
  const m = (n: number): string => formatMoney(n, inv.currency);
  text(`${inv.total < 0 ? t.creditNote : t.invoice} ${inv.number ?? ''}`, 50, 18, bold);
  y -= 30;
  text(`${t.from}: ${seller.name} <${seller.email}>`, 50);
  y -= 14;
  text(`${t.issued}: ${day(inv.issuedAt)}   ${t.due}: ${day(inv.dueAt)}   ${t.status}: ${inv.status}`, 50);
  y -= 24;
  text(t.billTo, 50, 11, bold);
  for (const s of [inv.billTo.company, ...inv.billTo.address.split('\n'), inv.billTo.country, inv.billTo.taxId ? `${t.taxId}: ${inv.billTo.taxId}` : '', inv.billTo.email].filter(Boolean)) {
    y -= 14;
    text(s.slice(0, 90), 50);
  }
  y -= 28;
  text(t.description, 50, 10, bold);
  right(t.qty, 360, 10, bold);
  right(t.unit, 450, 10, bold);
  right(t.amount, 545, 10, bold);
  for (const x of inv.lines) {
    y -= 16;
    if (y < 80) {
      page = doc.addPage([595.28, 841.89]);
      y = 800;
    }
    text(x.description.slice(0, 60), 50);
    right(String(x.quantity), 360);
    right(m(x.unitAmount), 450);
    right(m(x.amount), 545);
  }
  y -= 24;
  right(`${t.subtotal}: ${m(inv.subtotal)}`, 545);
  y -= 14;
  right(`${taxLine(inv, l)}: ${m(inv.taxAmount)}`, 545);
  y -= 16;
  right(`${t.total} (${inv.currency}): ${m(inv.total)}`, 545, 12, bold);
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
