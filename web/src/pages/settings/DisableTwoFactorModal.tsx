import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { account } from '../../api/endpoints';
import { queryKeys } from '../../api/queries';
import { errorMessage } from '../../lib/errors';

export function DisableTwoFactorModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { password: '' },
    validate: { password: (v) => (v ? null : t('common.validation.required')) },
  });
  const close = () => {
    form.reset();
    disable.reset();
    onClose();
  };
  const disable = useMutation({
    mutationFn: (password: string) => account.disableTwoFactor(password),
    onSuccess: async () => {
      notifications.show({ message: t('settings.twoFactor.disabledNotice') });
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      close();
    },
    onError: (error) => form.setFieldError('password', errorMessage(t, error)),
  });

  return (
    <Modal opened={opened} onClose={close} title={t('settings.twoFactor.disableTitle')} centered>
      <form onSubmit={form.onSubmit(({ password }) => disable.mutate(password))} noValidate>
        <Stack gap="md">
          <Text fz="sm">{t('settings.twoFactor.disableBody')}</Text>
          <PasswordInput
            label={t('auth.fields.password')}
            autoComplete="current-password"
            required
            data-autofocus
            {...form.getInputProps('password')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={disable.isPending}>
              {t('settings.twoFactor.disable')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
