import { Anchor, Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { currentLocale } from '../../../i18n';
import { errorMessage } from '../../../lib/errors';
import { billingApi, formatMoney, invoiceLink, type Invoice } from './api';

const STATUS_COLOR: Record<Invoice['status'], string> = { draft: 'gray', open: 'orange', paid: 'green', void: 'gray', refunded: 'blue' };

export function InvoicesCard({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const invoices = useQuery({ queryKey: ['billing', workspaceId, 'invoices'], queryFn: billingApi.invoices });
  const pay = useMutation({
    mutationFn: ({ id, provider }: { id: string; provider: 'stripe' | 'midtrans' }) => billingApi.checkout(id, provider),
    // The provider's hosted page takes the payment: card data never passes through Kodepos.
    onSuccess: (r) => window.location.assign(r.url),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
  });
  const day = (iso: string | null): string => (iso ? new Date(iso).toLocaleDateString(locale === 'id' ? 'id-ID' : 'en-GB', { timeZone: 'UTC' }) : '—');
  return (
    <Card>
      <Title order={2} fz="h3" mb="md">
        {t('billing.invoices.title')}
      </Title>
      {invoices.isPending ? (
        <SectionLoader />
      ) : invoices.isError ? (
        <QueryError error={invoices.error} onRetry={() => void invoices.refetch()} />
      ) : invoices.data.data.length === 0 ? (
        <Text c="dimmed">{t('billing.invoices.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('billing.invoices.number')}</Table.Th>
                <Table.Th>{t('billing.invoices.issued')}</Table.Th>
                <Table.Th>{t('billing.invoices.due')}</Table.Th>
                <Table.Th ta="right">{t('billing.invoices.total')}</Table.Th>
                <Table.Th>{t('billing.invoices.status')}</Table.Th>
                <Table.Th>{t('billing.invoices.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoices.data.data.map((inv) => (
                <Table.Tr key={inv.id}>
                  <Table.Td>{inv.number}</Table.Td>
                  <Table.Td>{day(inv.issuedAt)}</Table.Td>
                  <Table.Td>{day(inv.dueAt)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(inv.total, inv.currency, locale)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[inv.status]} variant="light">
                      {t(`billing.invoiceStatus.${inv.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor href={invoiceLink(inv.id, 'html', workspaceId, locale)} target="_blank" rel="noopener">
                        {t('billing.invoices.html')}
                      </Anchor>
                      <Anchor href={invoiceLink(inv.id, 'pdf', workspaceId, locale)} target="_blank" rel="noopener">
                        {t('billing.invoices.pdf')}
                      </Anchor>
                      {inv.status === 'open' && inv.total > 0 ? (
                        <>
                          <Button size="compact-sm" variant="light" loading={pay.isPending} onClick={() => pay.mutate({ id: inv.id, provider: 'stripe' })}>
                            {t('billing.invoices.payStripe')}
                          </Button>
                          {inv.currency === 'IDR' ? (
                            <Button size="compact-sm" variant="light" loading={pay.isPending} onClick={() => pay.mutate({ id: inv.id, provider: 'midtrans' })}>
                              {t('billing.invoices.payMidtrans')}
                            </Button>
                          ) : null}
                        </>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
