import { Select } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useOptionalWorkspace } from '../lib/workspace';

export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const current = useOptionalWorkspace();
  if (!current) return null;
  return (
    <Select
      aria-label={t('app.header.workspace')}
      data={current.workspaces.map((w) => ({ value: w.id, label: w.name }))}
      value={current.id}
      onChange={(id) => {
        if (id) current.select(id);
      }}
      allowDeselect={false}
      leftSection={<IconBuildingSkyscraper size={18} aria-hidden="true" />}
      w={{ base: 150, sm: 240 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
