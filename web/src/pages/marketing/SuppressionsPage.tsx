import { Alert, Button, Card, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconBan, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyState } from '../../components/crm/EmptyState';
import { notify } from '../../components/crm/notify';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import { SUPPRESSION_REASONS, marketingApi, useMarketingKey, type Suppression, type SuppressionReason } from './api';

/**
 * Type an address to see whether it is suppressed (the list keeps only a hash, so this is the one
 * way to find an address), and suppress it by hand. The address goes in a request body, not a URL.
 */
function CheckAddress({ onRemove }: { onRemove: (s: Suppression) => void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const client = useQueryClient();
  const key = useMarketingKey();
  const [email, setEmail] = useState('');
  const [result, setResult] = useState<{ email: string; suppressed: boolean; entries: Suppression[] } | null>(null);
  const onError = (error: unknown) => notify({ color: 'red', message: errorMessage(t, error) });
  const check = useMutation({
    mutationFn: (address: string) => marketingApi.checkSuppression(address).then((r) => ({ ...r, email: address })),
    onSuccess: setResult,
    onError,
  });
  const add = useMutation({
    mutationFn: () => marketingApi.addSuppression(email.trim()),
    onSuccess: async () => {
      notify({ color: 'brand', message: t('marketing.suppressions.added') });
      await client.invalidateQueries({ queryKey: key('suppressions') });
      check.mutate(email.trim());
    },
    onError,
  });
  const address = email.trim();
  return (
    <Card withBorder mb="lg">
      <Stack gap="sm">
        <Group
          align="flex-end"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (address) check.mutate(address);
          }}
        >
          <TextInput
            type="email"
            label={t('marketing.suppressions.address')}
            description={t('marketing.suppressions.addressHelp')}
            value={email}
            onChange={(e) => {
              setEmail(e.currentTarget.value);
              setResult(null);
            }}
            maxLength={254}
            w={320}
          />
          <Button
            type="submit"
            variant="default"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            loading={check.isPending}
            disabled={!address}
          >
            {t('marketing.suppressions.check')}
          </Button>
          <Button
            leftSection={<IconPlus size={16} aria-hidden="true" />}
            onClick={() => add.mutate()}
            loading={add.isPending}
            disabled={!address}
          >
            {t('marketing.suppressions.add')}
          </Button>
        </Group>
        {result && result.email === address && (
          <Alert color={result.suppressed ? 'orange' : 'green'} data-testid="suppression-check">
            {result.suppressed ? (
              <Stack gap={4}>
                <Text fz="sm">{t('marketing.suppressions.isSuppressed')}</Text>
                {result.entries.map((s) => (
                  <Group key={s.id} gap="sm">
                    <Text fz="sm" fw={600}>
                      {t(`marketing.suppressions.reasons.${s.reason}`)}
                    </Text>
                    <Text fz="sm">{fmt.dateTime(s.createdAt)}</Text>
                    {s.removable && (
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => onRemove(s)}>
                        {t('marketing.suppressions.remove')}
                      </Button>
                    )}
                  </Group>
                ))}
              </Stack>
            ) : (
              <Text fz="sm">{t('marketing.suppressions.notSuppressed')}</Text>
            )}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

export function SuppressionsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const client = useQueryClient();
  const key = useMarketingKey();
  const [reason, setReason] = useState<SuppressionReason | null>(null);
  const [removing, setRemoving] = useState<Suppression | null>(null);
  const list = useQuery({
    queryKey: key('suppressions', reason ?? ''),
    queryFn: () => marketingApi.suppressions(reason),
  });
  const remove = useMutation({
    mutationFn: (id: string) => marketingApi.removeSuppression(id),
    onSuccess: async () => {
      setRemoving(null);
      notify({ color: 'brand', message: t('marketing.suppressions.removed') });
      await client.invalidateQueries({ queryKey: key('suppressions') });
    },
    onError: (error) => notify({ color: 'red', message: errorMessage(t, error) }),
  });
  let content;
  if (list.isPending) content = <SectionLoader />;
  else if (list.isError) content = <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.data.length === 0)
    content = (
      <EmptyState
        icon={IconBan}
        title={t('marketing.suppressions.empty')}
        body={t('marketing.suppressions.emptyBody')}
      />
    );
  else {
    content = (
      <Table verticalSpacing="sm" highlightOnHover data-testid="suppressions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('marketing.suppressions.columns.reason')}</Table.Th>
            <Table.Th>{t('marketing.suppressions.columns.since')}</Table.Th>
            <Table.Th>{t('marketing.suppressions.columns.id')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.data.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                <Text fz="sm" fw={600}>
                  {t(`marketing.suppressions.reasons.${s.reason}`)}
                </Text>
              </Table.Td>
              <Table.Td>{fmt.dateTime(s.createdAt)}</Table.Td>
              <Table.Td>
                <Text fz="xs" c="dimmed" ff="monospace">
                  {s.id}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                {s.removable ? (
                  <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(s)}>
                    {t('marketing.suppressions.remove')}
                  </Button>
                ) : (
                  <Text fz="xs" c="dimmed">
                    {t('marketing.suppressions.personOnly')}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );
  }
  return (
    <>
      <PageHeader title={t('marketing.suppressions.title')} subtitle={t('marketing.suppressions.subtitle')} />
      <CheckAddress onRemove={setRemoving} />
      <Group mb="sm">
        <Select
          label={t('marketing.suppressions.filter')}
          placeholder={t('marketing.suppressions.allReasons')}
          value={reason}
          onChange={(v) => setReason(SUPPRESSION_REASONS.find((r) => r === v) ?? null)}
          data={SUPPRESSION_REASONS.map((r) => ({ value: r, label: t(`marketing.suppressions.reasons.${r}`) }))}
          clearable
        />
      </Group>
      {content}
      <ConfirmModal
        opened={removing !== null}
        title={t('marketing.suppressions.removeTitle')}
        body={t('marketing.suppressions.removeBody')}
        confirmLabel={t('marketing.suppressions.remove')}
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}
