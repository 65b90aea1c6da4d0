import { Alert, Button, FileInput, Group, Radio, Stack, Text } from '@mantine/core';
import { IconFileTypeCsv, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/errors';
import type { DedupeMode } from '../api/jobTypes';

interface Props {
  file: File | null;
  dedupe: DedupeMode;
  busy: boolean;
  error: unknown;
  onFile: (file: File | null) => void;
  onDedupe: (mode: DedupeMode) => void;
  onNext: () => void;
}

export function UploadStep({ file, dedupe, busy, error, onFile, onDedupe, onNext }: Props) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={560}>
      <FileInput
        label={t('crm.import.file')}
        description={t('crm.import.fileHint')}
        placeholder={t('crm.import.choose')}
        // Mantine draws this placeholder as text, so it must meet text contrast.
        styles={{ placeholder: { color: 'var(--mantine-color-dimmed)' } }}
        accept=".csv,text/csv"
        leftSection={<IconFileTypeCsv size={18} aria-hidden="true" />}
        value={file}
        onChange={onFile}
        clearable
      />
      <DedupeChoice value={dedupe} onChange={onDedupe} />
      {error ? (
        <Alert color="red" role="alert">
          {errorMessage(t, error)}
        </Alert>
      ) : null}
      <Group>
        <Button
          leftSection={<IconUpload size={16} aria-hidden="true" />}
          disabled={!file}
          loading={busy}
          onClick={onNext}
        >
          {t('crm.import.preview')}
        </Button>
      </Group>
    </Stack>
  );
}

export function DedupeChoice({ value, onChange }: { value: DedupeMode; onChange: (mode: DedupeMode) => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      label={t('crm.import.dedupe')}
      description={t('crm.import.dedupeHint')}
      value={value}
      onChange={(v) => onChange(v)}
    >
      <Stack gap="xs" mt="xs">
        {(['update', 'skip', 'create'] as const).map((mode) => (
          <Radio
            key={mode}
            value={mode}
            label={
              <Text fz="sm" component="span">
                {t(`crm.import.dedupeModes.${mode}`)}
              </Text>
            }
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}
