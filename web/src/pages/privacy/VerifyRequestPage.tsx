import { Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { AuthCard } from '../../components/PublicLayout';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import { ResultCard } from '../ResultCard';
import { portalApi } from './api';

/**
 * The emailed link lands here; confirming takes a click, because mail scanners open links
 * and would otherwise verify (and start the clock) on the subject's behalf.
 */
export function VerifyRequestPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const [params] = useSearchParams();
  const token = params.get('token');
  const verify = useMutation({ mutationFn: portalApi.verify });
  useDocumentTitle(`${t('privacy.verify.title')} · Kodepos`);

  const newRequest = (
    <Button component={Link} to="/privacy/request" variant="light">
      {t('privacy.verify.newRequest')}
    </Button>
  );
  if (!token) {
    return (
      <ResultCard tone="error" title={t('privacy.verify.failedTitle')} body={t('privacy.verify.missingToken')}>
        {newRequest}
      </ResultCard>
    );
  }
  if (verify.isSuccess) {
    return (
      <ResultCard
        tone="success"
        title={t('privacy.verify.successTitle')}
        body={t('privacy.verify.successBody', {
          type: t(`privacy.types.${verify.data.type}`),
          date: format.dateTime(verify.data.dueAt),
        })}
      />
    );
  }
  if (verify.isError) {
    const code = verify.error instanceof ApiError ? verify.error.code : '';
    const body =
      code === 'token_expired'
        ? t('privacy.verify.expired')
        : code === 'token_invalid'
          ? t('privacy.verify.invalid')
          : errorMessage(t, verify.error);
    return (
      <ResultCard tone="error" title={t('privacy.verify.failedTitle')} body={body}>
        {newRequest}
      </ResultCard>
    );
  }
  return (
    <AuthCard>
      <Stack align="center" ta="center" gap="md">
        <Title order={1} fz={26}>
          {t('privacy.verify.title')}
        </Title>
        <Text>{t('privacy.verify.body')}</Text>
        <Button size="md" loading={verify.isPending} onClick={() => verify.mutate(token)}>
          {t('privacy.verify.confirm')}
        </Button>
      </Stack>
    </AuthCard>
  );
}
