import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';

interface Props {
  opened: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  color?: string;
  loading: boolean;
  /** Shown under the field; the server's answer when the action failed. */
  error?: string | null;
  hint?: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** A modal asking for a written reason: extensions, rejections and restrictions all need one. */
export function ReasonModal({
  opened,
  title,
  body,
  confirmLabel,
  color,
  loading,
  error,
  hint,
  onConfirm,
  onClose,
}: Props) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim() ? null : t('common.validation.required')) },
  });
  const close = () => {
    form.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <form onSubmit={form.onSubmit(({ reason }) => onConfirm(reason.trim()))} noValidate>
        <Stack gap="md">
          <Text fz="sm">{body}</Text>
          <Textarea
            label={t('privacy.modals.reason')}
            description={hint}
            required
            autosize
            minRows={3}
            maxLength={1000}
            data-autofocus
            {...form.getInputProps('reason')}
            error={form.errors.reason ?? error ?? undefined}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={color} loading={loading}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
