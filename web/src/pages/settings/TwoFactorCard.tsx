import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { account } from '../../api/endpoints';
import { queryKeys } from '../../api/queries';
import { errorMessage } from '../../lib/errors';
import { DisableTwoFactorModal } from './DisableTwoFactorModal';
import { RecoveryCodes } from './RecoveryCodes';
import { TwoFactorSetupForm } from './TwoFactorSetupForm';

export function TwoFactorCard({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [disableOpen, setDisableOpen] = useState(false);
  const setup = useMutation({
    mutationFn: account.setupTwoFactor,
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
  });

  const onEnabled = async (codes: string[]) => {
    setRecoveryCodes(codes);
    setup.reset();
    notifications.show({ color: 'brand', message: t('settings.twoFactor.enabledNotice') });
    await queryClient.invalidateQueries({ queryKey: queryKeys.me });
  };

  let body;
  if (recoveryCodes) {
    body = <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />;
  } else if (setup.data && !enabled) {
    body = <TwoFactorSetupForm setup={setup.data} onEnabled={onEnabled} onCancel={() => setup.reset()} />;
  } else if (enabled) {
    body = (
      <Group>
        <Button variant="default" color="red" onClick={() => setDisableOpen(true)}>
          {t('settings.twoFactor.disable')}
        </Button>
      </Group>
    );
  } else {
    body = (
      <Group>
        <Button loading={setup.isPending} onClick={() => setup.mutate()}>
          {t('settings.twoFactor.setup')}
        </Button>
      </Group>
    );
  }

  return (
    <Card component="section" aria-labelledby="two-factor-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Title order={2} fz="lg" id="two-factor-title">
              {t('settings.twoFactor.title')}
            </Title>
            <Text c="dimmed" fz="sm" mt={4}>
              {t('settings.twoFactor.description')}
            </Text>
          </div>
          <Badge
            color={enabled ? 'brand' : 'gray'}
            variant={enabled ? 'filled' : 'light'}
            size="lg"
            style={{ flexShrink: 0 }}
          >
            {enabled ? t('settings.twoFactor.enabled') : t('settings.twoFactor.disabled')}
          </Badge>
        </Group>
        {body}
      </Stack>
      <DisableTwoFactorModal opened={disableOpen} onClose={() => setDisableOpen(false)} />
    </Card>
  );
}
