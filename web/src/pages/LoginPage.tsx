import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertCircle, IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { auth } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { AuthCard } from '../components/PublicLayout';
import { errorCode, errorMessage } from '../lib/errors';
import { safeNext } from '../lib/navigation';
import { readStored, STORAGE_KEYS } from '../lib/storage';
import { rememberWorkspace } from '../lib/workspace';
import { ResendVerification } from './ResendVerification';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [needsTotp, setNeedsTotp] = useState(false);
  useDocumentTitle(`${needsTotp ? t('auth.login.totpTitle') : t('auth.login.title')} · Kodepos`);

  const form = useForm({
    initialValues: { email: '', password: '', totp: '' },
    validate: {
      email: (v) => (EMAIL.test(v.trim()) ? null : t('common.validation.email')),
      password: (v) => (v ? null : t('common.validation.required')),
      totp: (v) => (!needsTotp || /^[A-Za-z0-9-]{6,}$/.test(v.trim()) ? null : t('common.validation.code')),
    },
  });

  const login = useMutation({
    mutationFn: (values: typeof form.values) =>
      auth.login({
        email: values.email.trim(),
        password: values.password,
        ...(needsTotp ? { totp: values.totp.trim() } : {}),
      }),
    onSuccess: (data) => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, data);
      const stored = readStored(STORAGE_KEYS.workspace);
      const first = data.workspaces[0];
      if (first && !data.workspaces.some((w) => w.id === stored)) rememberWorkspace(first.id);
      void navigate(next, { replace: true });
    },
    onError: (error) => {
      const code = errorCode(error);
      if (code === 'totp_required') setNeedsTotp(true);
      if (code === 'invalid_totp') form.setFieldError('totp', errorMessage(t, error));
    },
  });

  const code = errorCode(login.error);
  const showAlert = login.isError && code !== 'totp_required' && code !== 'invalid_totp';

  return (
    <AuthCard>
      <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
        <Stack gap="lg">
          <div>
            <Title order={1} fz={26}>
              {needsTotp ? t('auth.login.totpTitle') : t('auth.login.title')}
            </Title>
            <Text c="dimmed" mt={4}>
              {needsTotp ? t('auth.login.totpBody') : t('auth.login.subtitle')}
            </Text>
          </div>
          {showAlert ? (
            <Alert color="red" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
              <Stack gap="xs" align="flex-start">
                {errorMessage(t, login.error)}
                {code === 'email_not_verified' ? <ResendVerification email={form.values.email.trim()} /> : null}
              </Stack>
            </Alert>
          ) : null}
          {needsTotp ? (
            <TextInput
              label={t('auth.fields.totp')}
              description={t('auth.fields.totpHint')}
              autoComplete="one-time-code"
              inputMode="numeric"
              leftSection={<IconShieldLock size={18} aria-hidden="true" />}
              data-autofocus
              autoFocus
              required
              {...form.getInputProps('totp')}
            />
          ) : (
            <>
              <TextInput
                label={t('auth.fields.email')}
                type="email"
                autoComplete="email"
                required
                {...form.getInputProps('email')}
              />
              <div>
                <PasswordInput
                  label={t('auth.fields.password')}
                  autoComplete="current-password"
                  required
                  {...form.getInputProps('password')}
                />
                <Group justify="flex-end" mt={6}>
                  <Anchor component={Link} to="/forgot-password" fz="sm">
                    {t('auth.login.forgot')}
                  </Anchor>
                </Group>
              </div>
            </>
          )}
          <Button type="submit" size="md" loading={login.isPending} fullWidth>
            {needsTotp ? t('auth.login.verify') : t('auth.login.submit')}
          </Button>
          {needsTotp ? (
            <Button
              variant="subtle"
              onClick={() => {
                setNeedsTotp(false);
                login.reset();
                form.setValues({ password: '', totp: '' });
              }}
            >
              {t('auth.login.back')}
            </Button>
          ) : (
            <Text ta="center" fz="sm">
              <Trans
                i18nKey="auth.login.noAccount"
                components={{ signupLink: <Anchor component={Link} to="/signup" fw={600} inherit /> }}
              />
            </Text>
          )}
        </Stack>
      </form>
    </AuthCard>
  );
}
