import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { listQuery, type ListParams } from '../../pages/crm/api/endpoints';
import { downloadFile } from '../../pages/crm/api/files';
import { notify } from './notify';

/** CSV and JSON downloads of exactly what the list shows: same search, filters and sort. */
export function ExportMenu({ path, params, baseName }: { path: string; params: ListParams; baseName: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'json') => {
    setBusy(true);
    try {
      await downloadFile(`${path}${listQuery(params, { format })}`, `${baseName}.${format}`);
    } catch (error) {
      notify({ color: 'red', message: errorMessage(t, error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu position="bottom-end" shadow="md">
      <Menu.Target>
        <Button
          variant="default"
          loading={busy}
          leftSection={<IconDownload size={16} aria-hidden="true" />}
          rightSection={<IconChevronDown size={14} aria-hidden="true" />}
        >
          {t('crm.list.export')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void run('csv')}>{t('crm.list.exportCsv')}</Menu.Item>
        <Menu.Item onClick={() => void run('json')}>{t('crm.list.exportJson')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
