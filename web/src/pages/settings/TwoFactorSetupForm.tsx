import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { account } from '../../api/endpoints';
import type { TwoFactorSetup } from '../../api/types';
import { errorCode, errorMessage } from '../../lib/errors';

interface Props {
  setup: TwoFactorSetup;
  onEnabled: (recoveryCodes: string[]) => Promise<void>;
  onCancel: () => void;
}

export function TwoFactorSetupForm({ setup, onEnabled, onCancel }: Props) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { code: '' },
    validate: { code: (v) => (/^\d{6}$/.test(v.trim()) ? null : t('common.validation.code')) },
  });
  const enable = useMutation({
    mutationFn: (code: string) => account.enableTwoFactor(code),
    onSuccess: ({ recoveryCodes }) => onEnabled(recoveryCodes),
    onError: (error) => {
      if (errorCode(error) === 'invalid_totp' || errorCode(error) === 'validation_failed') {
        form.setFieldError('code', errorMessage(t, error));
      }
    },
  });
  const inlineError = errorCode(enable.error) === 'invalid_totp' || errorCode(enable.error) === 'validation_failed';

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
      <Paper withBorder p="md" radius="md" w="fit-content">
        <Image src={setup.qrDataUrl} alt={t('settings.twoFactor.qrAlt')} w={200} h={200} />
      </Paper>
      <form onSubmit={form.onSubmit(({ code }) => enable.mutate(code.trim()))} noValidate>
        <Stack gap="md">
          <Text fz="sm">{t('settings.twoFactor.scan')}</Text>
          <div>
            <Text fz="sm" fw={600} mb={4}>
              {t('settings.twoFactor.secret')}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Code fz="sm" style={{ wordBreak: 'break-all' }}>
                {setup.secret}
              </Code>
              <CopyButton value={setup.secret}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="light" onClick={copy}>
                    {copied ? t('common.copied') : t('common.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </div>
          {enable.isError && !inlineError ? (
            <Alert color="red" role="alert">
              {errorMessage(t, enable.error)}
            </Alert>
          ) : null}
          <TextInput
            label={t('settings.twoFactor.code')}
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={6}
            required
            {...form.getInputProps('code')}
          />
          <Group>
            <Button type="submit" loading={enable.isPending}>
              {t('settings.twoFactor.enable')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SimpleGrid>
  );
}
