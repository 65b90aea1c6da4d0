import { Alert, Button, CopyButton, Group, List, Paper, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconKey aria-hidden="true" />}
      title={t('settings.twoFactor.recoveryTitle')}
    >
      <Text fz="sm" mb="md">
        {t('settings.twoFactor.recoveryBody')}
      </Text>
      <Paper p="md" radius="md" withBorder mb="md">
        <List
          className="recovery-codes"
          listStyleType="none"
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 8 }}
        >
          {codes.map((code) => (
            <List.Item key={code}>{code}</List.Item>
          ))}
        </List>
      </Paper>
      <Group>
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? t('common.copied') : t('settings.twoFactor.copyAll')}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>{t('settings.twoFactor.recoveryDone')}</Button>
      </Group>
    </Alert>
  );
}
