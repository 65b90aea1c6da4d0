import { Button, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { auth } from '../api/endpoints';
import { AuthCard } from '../components/PublicLayout';
import { errorMessage } from '../lib/errors';
import { ResultCard } from './ResultCard';

export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const verify = useMutation({ mutationFn: auth.verifyEmail });
  const started = useRef(false);
  useDocumentTitle(`${t('auth.verify.title')} · Kodepos`);

  useEffect(() => {
    // Tokens are single-use: a second call (StrictMode re-runs effects) would report "already used".
    if (!token || started.current) return;
    started.current = true;
    verify.mutate(token);
  }, [token, verify]);

  if (!token) {
    return (
      <ResultCard tone="error" title={t('auth.verify.failedTitle')} body={t('auth.verify.missingToken')}>
        <Button component={Link} to="/signup" variant="light">
          {t('auth.verify.toSignup')}
        </Button>
      </ResultCard>
    );
  }
  if (verify.isSuccess) {
    return (
      <ResultCard tone="success" title={t('auth.verify.successTitle')} body={t('auth.verify.successBody')}>
        <Button component={Link} to="/login" size="md">
          {t('auth.verify.toLogin')}
        </Button>
      </ResultCard>
    );
  }
  if (verify.isError) {
    return (
      <ResultCard tone="error" title={t('auth.verify.failedTitle')} body={errorMessage(t, verify.error)}>
        <Button component={Link} to="/login" variant="light">
          {t('auth.verify.toLogin')}
        </Button>
      </ResultCard>
    );
  }
  return (
    <AuthCard>
      <Stack align="center" ta="center" gap="md" role="status">
        <Title order={1} fz={26}>
          {t('auth.verify.title')}
        </Title>
        <Loader aria-hidden="true" />
        <Text>{t('auth.verify.working')}</Text>
      </Stack>
    </AuthCard>
  );
}
