import { Button, Card, Group, Select, SimpleGrid, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { account } from '../../api/endpoints';
import { queryKeys } from '../../api/queries';
import type { User } from '../../api/types';
import { changeLanguage, currentLocale, isLocale, LANGUAGES } from '../../i18n';
import { errorMessage, fieldErrors } from '../../lib/errors';

export function ProfileDetails({ user }: { user: User }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      name: user.name,
      phone: user.phone ?? '',
      locale: isLocale(user.locale) ? user.locale : currentLocale(),
    },
    validate: { name: (v) => (v.trim() ? null : t('common.validation.required')) },
  });

  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      account.update({ name: values.name.trim(), phone: values.phone.trim() || null, locale: values.locale }),
    onSuccess: async (data, values) => {
      queryClient.setQueryData(queryKeys.me, data);
      form.resetDirty(values);
      await changeLanguage(values.locale);
      notifications.show({ color: 'brand', message: t('common.saved') });
    },
    onError: (error) => {
      const fields = fieldErrors(error);
      for (const field of ['name', 'phone', 'locale'] as const) {
        const message = fields[field];
        if (message) form.setFieldError(field, message);
      }
      if (!(error instanceof ApiError) || Object.keys(fields).length === 0) {
        notifications.show({ color: 'red', message: errorMessage(t, error) });
      }
    },
  });

  return (
    <Card component="section" aria-labelledby="profile-details">
      <Title order={2} fz="lg" mb="md" id="profile-details">
        {t('settings.profile.detailsTitle')}
      </Title>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput label={t('auth.fields.name')} autoComplete="name" required {...form.getInputProps('name')} />
          <TextInput label={t('settings.profile.email')} value={user.email} readOnly variant="filled" />
          <TextInput
            label={`${t('auth.fields.phone')} (${t('common.optional')})`}
            type="tel"
            autoComplete="tel"
            description={t('auth.fields.phoneHint')}
            {...form.getInputProps('phone')}
          />
          <Select
            label={t('settings.profile.locale')}
            description={t('settings.profile.localeHint')}
            data={LANGUAGES.map((l) => ({ value: l, label: t(`common.languageName.${l}`) }))}
            allowDeselect={false}
            {...form.getInputProps('locale')}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="lg">
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            {t('common.save')}
          </Button>
        </Group>
      </form>
    </Card>
  );
}
