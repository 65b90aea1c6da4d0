import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowsJoin } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { companiesApi, contactsApi } from '../../pages/crm/api/endpoints';
import { useCrmKey } from '../../pages/crm/api/queries';
import { useRecordName } from './RecordSelect';

type Mergeable = 'contact' | 'company';
const PATHS: Record<Mergeable, string> = { contact: '/contacts', company: '/companies' };

function Match({
  object,
  id,
  reasons,
  primaryId,
  canMerge,
}: {
  object: Mergeable;
  id: string;
  reasons: string[];
  primaryId: string;
  canMerge: boolean;
}) {
  const { t, i18n } = useTranslation();
  const name = useRecordName(object, id);
  const base = PATHS[object];
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm">
      <Stack gap={4} style={{ minWidth: 0 }}>
        <Anchor component={Link} to={`${base}/${id}`} fw={600} fz="sm" truncate>
          {name ?? '…'}
        </Anchor>
        <Group gap={4}>
          {reasons.map((reason) => (
            <Badge key={reason} size="xs" variant="outline" color="gray.7">
              {i18n.exists(`crm.duplicates.reasons.${reason}`)
                ? t(`crm.duplicates.reasons.${reason as 'email'}`)
                : reason}
            </Badge>
          ))}
        </Group>
      </Stack>
      {canMerge ? (
        <Button
          component={Link}
          to={`${base}/merge?primary=${encodeURIComponent(primaryId)}&duplicate=${encodeURIComponent(id)}`}
          size="compact-sm"
          variant="light"
          leftSection={<IconArrowsJoin size={14} aria-hidden="true" />}
          aria-label={t('crm.duplicates.mergeWith', { name: name ?? '' })}
        >
          {t('crm.duplicates.merge')}
        </Button>
      ) : null}
    </Group>
  );
}

/** Records that look like this one (same email, phone, name or domain), with a way to merge them. */
export function DuplicatesPanel({ object, id, canMerge }: { object: Mergeable; id: string; canMerge: boolean }) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const matches = useQuery({
    queryKey: key(object, 'duplicates', id),
    queryFn: () => (object === 'contact' ? contactsApi : companiesApi).duplicates(id),
  });
  const list = matches.data?.data ?? [];
  if (list.length === 0) return null;
  return (
    <Card style={{ borderColor: 'var(--mantine-color-yellow-5)' }}>
      <Title order={2} fz="md" mb={4}>
        {t('crm.duplicates.title')}
      </Title>
      <Text fz="sm" c="dimmed" mb="md">
        {t('crm.duplicates.body', { count: list.length })}
      </Text>
      <Stack gap="sm">
        {list.map((match) => (
          <Match
            key={match.id}
            object={object}
            id={match.id}
            reasons={match.reasons}
            primaryId={id}
            canMerge={canMerge}
          />
        ))}
      </Stack>
    </Card>
  );
}
