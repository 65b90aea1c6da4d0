import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { currentLocale } from '../../../i18n';
import { errorMessage } from '../../../lib/errors';
import { billingApi, formatMoney, type PaymentMethod, type Subscription } from './api';

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', jcb: 'JCB', discover: 'Discover', diners: 'Diners Club', unionpay: 'UnionPay' };
/** Midtrans payment types by their product names. */
const MIDTRANS: Record<string, string> = { gopay: 'GoPay', shopeepay: 'ShopeePay', qris: 'QRIS', echannel: 'Mandiri Bill', akulaku: 'Akulaku', kredivo: 'Kredivo', bca_klikpay: 'BCA KlikPay', cimb_clicks: 'CIMB Clicks', danamon_online: 'Danamon Online Banking' };
const BANKS: Record<string, string> = { bca: 'BCA', bni: 'BNI', bri: 'BRI', mandiri: 'Mandiri', permata: 'Permata', cimb: 'CIMB Niaga' };

const title = (s: string): string => s.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());

/** "Visa •••• 4242, expires 12/2030", "BCA virtual account", "GoPay". */
export function describeMethod(t: TFunction, pm: PaymentMethod): string {
  if (pm.last4) {
    const card = t('billing.payment.card', { brand: BRANDS[pm.brand ?? ''] ?? title(pm.brand ?? 'Card'), last4: pm.last4 });
    return pm.expMonth && pm.expYear ? `${card}, ${t('billing.payment.expires', { month: String(pm.expMonth).padStart(2, '0'), year: pm.expYear })}` : card;
  }
  if (pm.type === 'bank_transfer' && pm.bank) return t('billing.payment.virtualAccount', { bank: BANKS[pm.bank] ?? pm.bank.toUpperCase() });
  if (pm.type === 'cstore' && pm.bank) return title(pm.bank);
  return MIDTRANS[pm.type] ?? title(pm.type);
}

function Body({ sub }: { sub: Subscription }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const setup = useMutation({
    mutationFn: billingApi.setupPaymentMethod,
    // Stripe's hosted page collects the card: its number never passes through Kodepos.
    onSuccess: (r) => window.location.assign(r.url),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
  });
  const pm = sub.paymentMethod;
  const justUpdated = new URLSearchParams(window.location.search).get('payment_method') === 'updated';
  return (
    <Stack gap="sm">
      {pm ? (
        <div>
          <Text fw={500}>{describeMethod(t, pm)}</Text>
          <Text size="sm" c="dimmed">
            {t('billing.payment.via', { provider: pm.provider === 'stripe' ? 'Stripe' : 'Midtrans' })}
          </Text>
        </div>
      ) : (
        <Text c="dimmed">{t('billing.payment.none')}</Text>
      )}
      {justUpdated ? <Text size="sm">{t('billing.payment.updated')}</Text> : null}
      {pm?.provider === 'midtrans' || (!pm && sub.currency === 'IDR') ? (
        <Text size="sm" c="dimmed">
          {t('billing.payment.midtransHint')}
        </Text>
      ) : null}
      {sub.status !== 'cancelled' ? (
        <Group>
          <Button variant="light" loading={setup.isPending} onClick={() => setup.mutate()}>
            {pm?.provider === 'stripe' ? t('billing.payment.change') : t('billing.payment.update')}
          </Button>
          <Text size="sm" c="dimmed">
            {t('billing.payment.changeHint')}
          </Text>
        </Group>
      ) : null}
      <div>
        <Text fw={500}>{sub.creditBalance > 0 ? t('billing.payment.credit', { amount: formatMoney(sub.creditBalance, sub.currency, locale) }) : t('billing.payment.noCredit')}</Text>
        {sub.creditBalance > 0 ? (
          <Text size="sm" c="dimmed">
            {t('billing.payment.creditHint')}
          </Text>
        ) : null}
      </div>
    </Stack>
  );
}

/** The payment method on file and the account credit; shown once the workspace has a subscription. */
export function PaymentCard({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const sub = useQuery({ queryKey: ['billing', workspaceId, 'subscription'], queryFn: billingApi.subscription });
  if (sub.isSuccess && !sub.data.subscription) return null;
  return (
    <Card>
      <Title order={2} fz="h3" mb="md">
        {t('billing.payment.title')}
      </Title>
      {sub.isPending ? <SectionLoader /> : sub.isError ? <QueryError error={sub.error} onRetry={() => void sub.refetch()} /> : sub.data.subscription ? <Body sub={sub.data.subscription} /> : null}
    </Card>
  );
}
