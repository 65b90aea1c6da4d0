import { Alert, Anchor, Button, Radio, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AuthCard } from '../../components/PublicLayout';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { ResultCard } from '../ResultCard';
import { JURISDICTIONS, portalApi, REQUEST_TYPES, type Jurisdiction, type RequestType } from './api';
import { MinorReportForm } from '../governance/breaches/MinorReportForm';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Values {
  type: RequestType;
  email: string;
  phone: string;
  jurisdiction: Jurisdiction;
  details: string;
  corrections: Record<string, string>;
}

/** The public privacy request form: no account needed, identity is checked by an emailed link. */
export function PortalPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const workspaceId = params.get('workspaceId');
  const [sentTo, setSentTo] = useState<string | null>(null);
  useDocumentTitle(`${t('privacy.portal.title')} · Kodepos`);
  const portal = useQuery({ queryKey: ['privacy-portal', workspaceId], queryFn: () => portalApi.info(workspaceId) });
  const fields = portal.data?.correctableFields ?? [];

  const form = useForm<Values>({
    initialValues: { type: 'access', email: '', phone: '', jurisdiction: 'unknown', details: '', corrections: {} },
    validate: {
      email: (v) => (EMAIL.test(v.trim()) ? null : t('common.validation.email')),
      corrections: (v, values) =>
        values.type === 'correction' && fields.length > 0 && !Object.values(v).some((x) => x.trim())
          ? t('privacy.portal.correctionsRequired')
          : null,
    },
  });

  const submit = useMutation({
    mutationFn: (values: Values) =>
      portalApi.submit({
        type: values.type,
        email: values.email.trim(),
        jurisdiction: values.jurisdiction,
        locale: i18n.language.startsWith('id') ? 'id' : 'en',
        ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
        ...(values.details.trim() ? { details: values.details.trim() } : {}),
        ...(workspaceId ? { workspaceId } : {}),
        ...(values.type === 'correction'
          ? {
              corrections: Object.entries(values.corrections)
                .filter(([, value]) => value.trim())
                .map(([field, value]) => ({ field, value: value.trim() })),
            }
          : {}),
      }),
    onSuccess: (_data, values) => setSentTo(values.email.trim()),
    onError: (error) => {
      for (const [field, message] of Object.entries(fieldErrors(error))) form.setFieldError(field, message);
    },
  });

  if (sentTo) {
    return (
      <ResultCard
        tone="success"
        title={t('privacy.portal.sentTitle')}
        body={t('privacy.portal.sentBody', { email: sentTo })}
      >
        <Button
          variant="light"
          onClick={() => {
            form.reset();
            submit.reset();
            setSentTo(null);
          }}
        >
          {t('privacy.portal.another')}
        </Button>
      </ResultCard>
    );
  }

  const controller = portal.data?.workspace?.name ?? portal.data?.operator.name ?? t('privacy.portal.introPlatform');
  const hasFieldErrors = Object.keys(fieldErrors(submit.error)).length > 0;

  return (
    <AuthCard>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1} fz={26}>
            {t('privacy.portal.title')}
          </Title>
          <Text c="dimmed">{t('privacy.portal.intro', { controller })}</Text>
        </Stack>
        {portal.isError ? (
          <Alert color="red" role="alert">
            {workspaceId ? t('privacy.portal.unknownWorkspace') : errorMessage(t, portal.error)}
          </Alert>
        ) : null}
        {submit.isError && !hasFieldErrors ? (
          <Alert color="red" role="alert">
            {errorMessage(t, submit.error)}
          </Alert>
        ) : null}
        <form onSubmit={form.onSubmit((values) => submit.mutate(values))} noValidate>
          <Stack gap="md">
            <Radio.Group label={t('privacy.portal.typeLabel')} required {...form.getInputProps('type')}>
              <Stack gap="sm" mt="xs">
                {REQUEST_TYPES.map((type) => (
                  <Radio
                    key={type}
                    value={type}
                    label={t(`privacy.types.${type}`)}
                    description={t(`privacy.typeHints.${type}`)}
                  />
                ))}
              </Stack>
            </Radio.Group>
            <TextInput
              label={t('privacy.portal.email')}
              description={t('privacy.portal.emailHint')}
              type="email"
              autoComplete="email"
              required
              {...form.getInputProps('email')}
            />
            <TextInput
              label={`${t('privacy.portal.phone')} (${t('common.optional')})`}
              description={t('privacy.portal.phoneHint')}
              type="tel"
              autoComplete="tel"
              {...form.getInputProps('phone')}
            />
            <Select
              label={t('privacy.portal.jurisdiction')}
              description={t('privacy.portal.jurisdictionHint')}
              data={JURISDICTIONS.map((j) => ({ value: j, label: t(`privacy.jurisdictions.${j}`) }))}
              allowDeselect={false}
              {...form.getInputProps('jurisdiction')}
            />
            {form.values.type === 'correction' ? (
              <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
                <Text component="legend" fw={500} fz="sm">
                  {t('privacy.portal.correctionsTitle')}
                </Text>
                <Text fz="xs" c="dimmed">
                  {fields.length > 0 ? t('privacy.portal.correctionsHint') : t('privacy.portal.noCorrectableFields')}
                </Text>
                {fields.map((f) => (
                  <TextInput
                    key={f.field}
                    label={f.label}
                    value={form.values.corrections[f.field] ?? ''}
                    onChange={(e) => {
                      // Field names hold a dot ("contacts.first_name"), so the whole map is replaced, not a path.
                      const value = e.currentTarget.value;
                      form.setFieldValue('corrections', { ...form.values.corrections, [f.field]: value });
                    }}
                  />
                ))}
                {form.errors.corrections ? (
                  <Text c="red.8" fz="sm" role="alert">
                    {form.errors.corrections}
                  </Text>
                ) : null}
              </Stack>
            ) : null}
            <Textarea
              label={`${t('privacy.portal.details')} (${t('common.optional')})`}
              description={t('privacy.portal.detailsHint')}
              autosize
              minRows={3}
              maxLength={4000}
              {...form.getInputProps('details')}
            />
            <Button type="submit" size="md" loading={submit.isPending}>
              {t('privacy.portal.submit')}
            </Button>
            {portal.data ? (
              <Text fz="sm" c="dimmed">
                {t('privacy.portal.contact')}{' '}
                <Anchor href={`mailto:${portal.data.operator.email}`} fz="sm">
                  {portal.data.operator.email}
                </Anchor>
              </Text>
            ) : null}
          </Stack>
        </form>
        <MinorReportForm workspaceId={workspaceId} />
      </Stack>
    </AuthCard>
  );
}
