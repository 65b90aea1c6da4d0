import { Alert, Button, Card, Group, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { workspace as workspaceApi } from '../../api/endpoints';
import { queryKeys, useWorkspaceDetails } from '../../api/queries';
import type { Workspace } from '../../api/types';
import { QueryError, SectionLoader } from '../../components/Loaders';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { useCurrentWorkspace } from '../../lib/workspace';

function WorkspaceForm({ details, canManage }: { details: Workspace; canManage: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: details.name, require2fa: details.require2fa },
    validate: { name: (v) => (v.trim() ? null : t('common.validation.required')) },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      workspaceApi.update({ name: values.name.trim(), require2fa: values.require2fa }),
    onSuccess: async (data, values) => {
      queryClient.setQueryData(queryKeys.scoped(details.id, 'workspace'), data);
      form.resetDirty(values);
      notifications.show({ color: 'brand', message: t('common.saved') });
      // The switcher in the header shows the name from /me.
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
    onError: (error) => {
      const message = fieldErrors(error).name;
      if (message) form.setFieldError('name', message);
      else notifications.show({ color: 'red', message: errorMessage(t, error) });
    },
  });

  return (
    <Card maw={720}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="lg">
          {canManage ? null : (
            <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden="true" />}>
              {t('settings.workspace.readOnly')}
            </Alert>
          )}
          <TextInput
            label={t('settings.workspace.name')}
            required
            disabled={!canManage}
            {...form.getInputProps('name')}
          />
          <TextInput label={t('settings.workspace.dataRegion')} value={details.dataRegion} readOnly variant="filled" />
          <Switch
            label={t('settings.workspace.require2fa')}
            description={t('settings.workspace.require2faHint')}
            disabled={!canManage}
            size="md"
            {...form.getInputProps('require2fa', { type: 'checkbox' })}
          />
          {canManage ? (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                {t('common.save')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </Card>
  );
}

export function WorkspacePage() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  const details = useWorkspaceDetails();
  return (
    <>
      <PageHeader
        title={t('settings.workspace.title')}
        subtitle={t('settings.workspace.subtitle', { name: current.name })}
      />
      {details.isPending ? (
        <SectionLoader />
      ) : details.isError ? (
        <QueryError error={details.error} onRetry={() => void details.refetch()} />
      ) : (
        <WorkspaceForm key={details.data.id} details={details.data} canManage={current.canManage} />
      )}
    </>
  );
}
