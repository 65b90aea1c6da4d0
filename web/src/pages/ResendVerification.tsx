import { Button, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { auth } from '../api/endpoints';
import { errorMessage } from '../lib/errors';

export function ResendVerification({ email, variant = 'white' }: { email: string; variant?: 'white' | 'light' }) {
  const { t } = useTranslation();
  const resend = useMutation({ mutationFn: () => auth.resendVerification(email) });
  if (resend.isSuccess) {
    return (
      <Text fz="sm" role="status">
        {t('auth.signup.resent')}
      </Text>
    );
  }
  return (
    <>
      <Button size="xs" variant={variant} loading={resend.isPending} onClick={() => resend.mutate()}>
        {t('auth.login.resend')}
      </Button>
      {resend.isError ? (
        <Text fz="sm" c="red.8" role="alert">
          {errorMessage(t, resend.error)}
        </Text>
      ) : null}
    </>
  );
}
