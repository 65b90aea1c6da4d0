/** Dunning mails, English and Bahasa Indonesia: days 1, 3 and 7 after a payment failed, and the cancellation on day 14. */
import { renderMail, type RenderedMail } from '../../mail/layout.js';

export type DunningStage = 1 | 2 | 3 | 'cancelled';

export function dunningMail(stage: DunningStage, locale: string, o: { workspace: string; link: string; operator: string }): RenderedMail {
  const id = locale === 'id';
  const footer = id ? `Email ini dikirim oleh ${o.operator} tentang tagihan ruang kerja Anda.` : `Sent by ${o.operator} about your workspace's billing.`;
  if (stage === 'cancelled') {
    return renderMail({
      subject: id ? `Langganan ${o.workspace} dibatalkan` : `${o.workspace}: subscription cancelled`,
      heading: id ? 'Langganan Anda dibatalkan' : 'Your subscription was cancelled',
      paragraphs: id
        ? ['Pembayaran tetap belum kami terima 14 hari setelah gagal, sehingga langganan dibatalkan. Data Anda tetap ada; Anda dapat berlangganan lagi kapan saja.']
        : ['We still had no payment 14 days after it failed, so the subscription was cancelled. Your data is still there; you can subscribe again at any time.'],
      action: { label: id ? 'Buka penagihan' : 'Open billing', url: o.link },
      footer,
    });
  }
  const left = { 1: 13, 2: 11, 3: 7 }[stage];
  return renderMail({
    subject: id ? `Pembayaran ${o.workspace} gagal` : `${o.workspace}: payment failed`,
    heading: id ? 'Pembayaran Anda gagal' : 'Your payment failed',
    paragraphs: id
      ? [`Kami belum dapat menerima pembayaran untuk ${o.workspace}. Bayar faktur yang terbuka dalam ${left} hari agar langganan tidak dibatalkan.`]
      : [`We could not collect the payment for ${o.workspace}. Pay the open invoice within ${left} days to keep the subscription.`],
    action: { label: id ? 'Bayar sekarang' : 'Pay now', url: o.link },
    footer,
  });
}
