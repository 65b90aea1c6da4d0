import { Anchor, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconMailCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuthCard } from '../components/PublicLayout';
import { ResendVerification } from './ResendVerification';

export function SignupDone({ email }: { email: string }) {
  const { t } = useTranslation();
  useDocumentTitle(`${t('auth.signup.successTitle')} · Kodepos`);
  return (
    <AuthCard>
      <Stack align="center" ta="center" gap="md" role="status">
        <ThemeIcon size={64} radius="xl" variant="light">
          <IconMailCheck size={34} aria-hidden="true" />
        </ThemeIcon>
        <Title order={1} fz={26}>
          {t('auth.signup.successTitle')}
        </Title>
        <Text>{t('auth.signup.successBody', { email })}</Text>
        <ResendVerification email={email} variant="light" />
        <Anchor component={Link} to="/login" fw={600}>
          {t('auth.verify.toLogin')}
        </Anchor>
      </Stack>
    </AuthCard>
  );
}
