import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { auth } from '../api/endpoints';
import { AuthCard } from '../components/PublicLayout';
import { errorMessage } from '../lib/errors';
import { ResultCard } from './ResultCard';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.forgot.title')} · Kodepos`);
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (EMAIL.test(v.trim()) ? null : t('common.validation.email')) },
  });
  const request = useMutation({ mutationFn: (email: string) => auth.requestPasswordReset(email) });

  if (request.isSuccess) {
    return (
      <ResultCard
        tone="success"
        title={t('auth.forgot.sentTitle')}
        body={t('auth.forgot.sentBody', { email: request.variables })}
      >
        <Anchor component={Link} to="/login" fw={600}>
          {t('auth.forgot.back')}
        </Anchor>
      </ResultCard>
    );
  }

  return (
    <AuthCard>
      <form onSubmit={form.onSubmit(({ email }) => request.mutate(email.trim()))} noValidate>
        <Stack gap="lg">
          <div>
            <Title order={1} fz={26}>
              {t('auth.forgot.title')}
            </Title>
            <Text c="dimmed" mt={4}>
              {t('auth.forgot.subtitle')}
            </Text>
          </div>
          {request.isError ? (
            <Alert color="red" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
              {errorMessage(t, request.error)}
            </Alert>
          ) : null}
          <TextInput
            label={t('auth.fields.email')}
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <Button type="submit" size="md" loading={request.isPending} fullWidth>
            {t('auth.forgot.submit')}
          </Button>
          <Anchor component={Link} to="/login" ta="center" fz="sm">
            {t('auth.forgot.back')}
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}
