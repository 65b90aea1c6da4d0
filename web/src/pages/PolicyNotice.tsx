import { Anchor, Paper, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { publicApi } from '../api/endpoints';
import { useFormatters } from '../lib/format';

/** Sign-up relies on the contract, not consent, so this is a notice with a link rather than a checkbox. */
export function PolicyNotice() {
  const { t } = useTranslation();
  const format = useFormatters();
  const policy = useQuery({ queryKey: ['policy'], queryFn: publicApi.policy, staleTime: Infinity, retry: false });
  return (
    <Paper bg="gray.0" p="sm" radius="md" style={{ display: 'flex', gap: 10 }}>
      <IconShieldCheck size={20} color="var(--mantine-color-brand-7)" aria-hidden="true" style={{ flexShrink: 0 }} />
      <Text fz="sm">
        <Trans
          i18nKey="auth.signup.privacyNotice"
          components={{ policyLink: <Anchor href="/privacy" fw={600} inherit /> }}
        />
        {policy.data ? (
          <>
            {' '}
            {t('auth.signup.policyVersion', {
              version: policy.data.version,
              date: format.date(policy.data.lastUpdated),
            })}
          </>
        ) : null}
      </Text>
    </Paper>
  );
}
