import { Button, Card, Group, Select, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { workspace as workspaceApi } from '../../api/endpoints';
import { queryKeys } from '../../api/queries';
import type { Role } from '../../api/types';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { useCurrentWorkspace } from '../../lib/workspace';
import { useRoleOptions } from './roleOptions';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function InviteForm() {
  const { t } = useTranslation();
  const { id } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const roleOptions = useRoleOptions().filter((o) => o.value !== 'owner');
  const form = useForm<{ email: string; role: Role }>({
    initialValues: { email: '', role: 'member' },
    validate: { email: (v) => (EMAIL.test(v.trim()) ? null : t('common.validation.email')) },
  });
  const invite = useMutation({
    mutationFn: (values: typeof form.values) => workspaceApi.invite({ email: values.email.trim(), role: values.role }),
    onSuccess: async (_data, values) => {
      notifications.show({ color: 'brand', message: t('settings.invitations.sent', { email: values.email.trim() }) });
      form.reset();
      await queryClient.invalidateQueries({ queryKey: queryKeys.scoped(id, 'invitations') });
    },
    onError: (error) => {
      const fields = fieldErrors(error);
      if (fields.email) form.setFieldError('email', fields.email);
      else if (fields.role) form.setFieldError('role', fields.role);
      else form.setFieldError('email', errorMessage(t, error));
    },
  });

  return (
    <Card component="section" aria-labelledby="invite-title">
      <Title order={2} fz="lg" id="invite-title">
        {t('settings.invitations.inviteTitle')}
      </Title>
      <Text c="dimmed" fz="sm" mt={4} mb="md">
        {t('settings.invitations.inviteBody')}
      </Text>
      <form onSubmit={form.onSubmit((values) => invite.mutate(values))} noValidate>
        <Group align="flex-start" gap="md">
          <TextInput
            label={t('settings.invitations.email')}
            type="email"
            autoComplete="off"
            placeholder="name@company.com"
            required
            style={{ flex: '1 1 260px' }}
            {...form.getInputProps('email')}
          />
          <Select
            label={t('settings.invitations.role')}
            data={roleOptions}
            allowDeselect={false}
            w={200}
            {...form.getInputProps('role')}
          />
          <Button
            type="submit"
            mt={25}
            loading={invite.isPending}
            leftSection={<IconSend size={16} aria-hidden="true" />}
          >
            {t('settings.invitations.send')}
          </Button>
        </Group>
      </form>
    </Card>
  );
}
