import { Alert, Button, PasswordInput, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { auth } from '../api/endpoints';
import { AuthCard } from '../components/PublicLayout';
import { errorCode, errorMessage, fieldErrors } from '../lib/errors';
import { ResultCard } from './ResultCard';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.reset.title')} · Kodepos`);
  const [params] = useSearchParams();
  const token = params.get('token');
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 10 ? null : t('common.validation.passwordLength')),
      confirm: (v, values) => (v === values.password ? null : t('common.validation.passwordMatch')),
    },
  });
  const reset = useMutation({
    mutationFn: (password: string) => auth.confirmPasswordReset(token ?? '', password),
    onError: (error) => {
      const message = fieldErrors(error).password;
      if (message) form.setFieldError('password', message);
    },
  });

  if (!token || errorCode(reset.error) === 'invalid_token') {
    return (
      <ResultCard
        tone="error"
        title={t('auth.reset.title')}
        body={token ? errorMessage(t, reset.error) : t('auth.reset.missingToken')}
      >
        <Button component={Link} to="/forgot-password" variant="light">
          {t('auth.reset.requestNew')}
        </Button>
      </ResultCard>
    );
  }
  if (reset.isSuccess) {
    return (
      <ResultCard tone="success" title={t('auth.reset.successTitle')} body={t('auth.reset.successBody')}>
        <Button component={Link} to="/login" size="md">
          {t('auth.reset.toLogin')}
        </Button>
      </ResultCard>
    );
  }

  return (
    <AuthCard>
      <form onSubmit={form.onSubmit(({ password }) => reset.mutate(password))} noValidate>
        <Stack gap="lg">
          <Title order={1} fz={26}>
            {t('auth.reset.title')}
          </Title>
          {reset.isError && !fieldErrors(reset.error).password ? (
            <Alert color="red" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
              {errorMessage(t, reset.error)}
            </Alert>
          ) : null}
          <PasswordInput
            label={t('auth.fields.newPassword')}
            description={t('auth.fields.passwordHint')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label={t('auth.fields.confirmPassword')}
            autoComplete="new-password"
            required
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" size="md" loading={reset.isPending} fullWidth>
            {t('auth.reset.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
