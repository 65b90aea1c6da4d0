import { Alert, Button, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { QueryError } from '../../../components/Loaders';

const RELATIONS = ['self', 'parent', 'guardian', 'other'] as const;
type Relation = (typeof RELATIONS)[number];

/**
 * "Report a child's data" on the public privacy portal (policy §12): no account needed; the report
 * goes to the privacy officer of the workspace named in the portal link, or of the platform.
 */
export function MinorReportForm({ workspaceId }: { workspaceId: string | null }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [relation, setRelation] = useState<Relation>('parent');
  const [reporterEmail, setReporterEmail] = useState('');
  const [details, setDetails] = useState('');
  const send = useMutation({
    mutationFn: () =>
      api<{ id: string }>('/public/v1/privacy/minors', {
        method: 'POST',
        redirectOn401: false,
        body: {
          email,
          relation,
          ...(reporterEmail ? { reporterEmail } : {}),
          ...(details ? { details } : {}),
          ...(workspaceId ? { workspaceId } : {}),
          locale: i18n.resolvedLanguage === 'id' ? 'id' : 'en',
        },
      }),
  });
  return (
    <Stack gap="sm" mt="xl" component="section" aria-labelledby="minor-report-title">
      <Title order={2} fz="lg" id="minor-report-title">
        {t('breaches.minors.title')}
      </Title>
      <Text fz="sm" c="dimmed">
        {t('breaches.minors.intro')}
      </Text>
      {send.isSuccess ? (
        <Alert color="green">{t('breaches.minors.sent')}</Alert>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate();
          }}
        >
          <Stack gap="sm">
            <TextInput type="email" required label={t('breaches.minors.email')} value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <Select
              label={t('breaches.minors.relation')}
              value={relation}
              allowDeselect={false}
              onChange={(v) => setRelation(RELATIONS.find((r) => r === v) ?? 'other')}
              data={RELATIONS.map((r) => ({ value: r, label: t(`breaches.minors.relations.${r}`) }))}
            />
            <TextInput type="email" label={t('breaches.minors.reporterEmail')} value={reporterEmail} onChange={(e) => setReporterEmail(e.currentTarget.value)} />
            <Textarea label={t('breaches.minors.details')} value={details} onChange={(e) => setDetails(e.currentTarget.value)} />
            {send.error ? <QueryError error={send.error} /> : null}
            <Button type="submit" variant="default" loading={send.isPending}>
              {t('breaches.minors.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
