import { Alert, Anchor, Button, Checkbox, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { auth } from '../api/endpoints';
import { AuthCard } from '../components/PublicLayout';
import { currentLocale } from '../i18n';
import { errorCode, errorMessage, fieldErrors } from '../lib/errors';
import { PolicyNotice } from './PolicyNotice';
import { SignupDone } from './SignupDone';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FIELDS = ['name', 'email', 'company', 'phone', 'password', 'birthDate', 'ageConfirmed'] as const;

function isAdult(birthDate: string, today = new Date()): boolean {
  const born = new Date(`${birthDate}T00:00:00`);
  const adultFrom = new Date(born.getFullYear() + 18, born.getMonth(), born.getDate());
  return adultFrom <= today;
}

export function SignupPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.signup.title')} · Kodepos`);
  const [params] = useSearchParams();
  const invitationToken = params.get('invitationToken') ?? undefined;
  const [registeredEmail, setRegisteredEmail] = useState<string | null>(null);
  const today = new Date().toISOString().slice(0, 10);

  const form = useForm({
    initialValues: { name: '', email: '', company: '', phone: '', password: '', birthDate: '', ageConfirmed: false },
    validate: {
      name: (v) => (v.trim() ? null : t('common.validation.required')),
      email: (v) => (EMAIL.test(v.trim()) ? null : t('common.validation.email')),
      company: (v) => (invitationToken || v.trim() ? null : t('common.validation.required')),
      password: (v) => (v.length >= 10 ? null : t('common.validation.passwordLength')),
      birthDate: (v) => {
        if (!v) return null;
        if (v > today) return t('common.validation.pastDate');
        return isAdult(v) ? null : t('common.errors.underage');
      },
      ageConfirmed: (v) => (v ? null : t('common.errors.underage')),
    },
  });

  const register = useMutation({
    mutationFn: (values: typeof form.values) =>
      auth.register({
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        ...(values.company.trim() ? { company: values.company.trim() } : {}),
        ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
        ...(values.birthDate ? { birthDate: values.birthDate } : {}),
        ageConfirmed: values.ageConfirmed,
        locale: currentLocale(),
        ...(invitationToken ? { invitationToken } : {}),
      }),
    onSuccess: (_data, values) => setRegisteredEmail(values.email.trim()),
    onError: (error) => {
      const code = errorCode(error);
      if (code === 'email_taken') form.setFieldError('email', errorMessage(t, error));
      if (code === 'underage') {
        form.setFieldError('ageConfirmed', errorMessage(t, error));
        if (form.values.birthDate) form.setFieldError('birthDate', errorMessage(t, error));
      }
      const fields = fieldErrors(error);
      for (const field of FIELDS) {
        const message = fields[field];
        if (message) form.setFieldError(field, message);
      }
    },
  });

  if (registeredEmail) return <SignupDone email={registeredEmail} />;

  const code = errorCode(register.error);
  const handledInline =
    code === 'email_taken' ||
    code === 'underage' ||
    (code === 'validation_failed' && FIELDS.some((f) => f in fieldErrors(register.error)));

  return (
    <AuthCard>
      <form onSubmit={form.onSubmit((values) => register.mutate(values))} noValidate>
        <Stack gap="md">
          <div>
            <Title order={1} fz={26}>
              {t('auth.signup.title')}
            </Title>
            <Text c="dimmed" mt={4}>
              {invitationToken ? t('auth.signup.invitedSubtitle') : t('auth.signup.subtitle')}
            </Text>
          </div>
          {register.isError && !handledInline ? (
            <Alert color="red" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
              {errorMessage(t, register.error)}
            </Alert>
          ) : null}
          <TextInput label={t('auth.fields.name')} autoComplete="name" required {...form.getInputProps('name')} />
          <TextInput
            label={t('auth.fields.email')}
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          {invitationToken ? null : (
            <TextInput
              label={t('auth.fields.company')}
              autoComplete="organization"
              required
              {...form.getInputProps('company')}
            />
          )}
          <PasswordInput
            label={t('auth.fields.password')}
            description={t('auth.fields.passwordHint')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <Group grow align="flex-start" gap="md">
            <TextInput
              label={`${t('auth.fields.phone')} (${t('common.optional')})`}
              type="tel"
              autoComplete="tel"
              description={t('auth.fields.phoneHint')}
              {...form.getInputProps('phone')}
            />
            <TextInput
              label={`${t('auth.fields.birthDate')} (${t('common.optional')})`}
              type="date"
              autoComplete="bday"
              max={today}
              description={t('auth.fields.birthDateHint')}
              {...form.getInputProps('birthDate')}
            />
          </Group>
          <Checkbox
            label={t('auth.signup.ageConfirmed')}
            required
            {...form.getInputProps('ageConfirmed', { type: 'checkbox' })}
          />
          <PolicyNotice />
          <Button type="submit" size="md" loading={register.isPending} fullWidth>
            {t('auth.signup.submit')}
          </Button>
          <Text ta="center" fz="sm">
            <Trans
              i18nKey="auth.signup.haveAccount"
              components={{ loginLink: <Anchor component={Link} to="/login" fw={600} inherit /> }}
            />
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
