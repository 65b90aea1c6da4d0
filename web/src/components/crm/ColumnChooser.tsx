import { Button, Checkbox, Popover, Stack, Text } from '@mantine/core';
import { IconColumns } from '@tabler/icons-react';
import type { DataTableColumnToggle } from 'mantine-datatable';
import { useTranslation } from 'react-i18next';

interface Props {
  toggles: DataTableColumnToggle[];
  labels: Record<string, string>;
  onChange: (toggles: DataTableColumnToggle[]) => void;
  onReset: () => void;
}

export function ColumnChooser({ toggles, labels, onChange, onReset }: Props) {
  const { t } = useTranslation();
  return (
    <Popover position="bottom-end" shadow="md" width={240} trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} aria-hidden="true" />}>
          {t('crm.list.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fz="xs" fw={600} tt="uppercase" c="dimmed">
            {t('crm.list.showColumns')}
          </Text>
          {toggles.map((toggle) => (
            <Checkbox
              key={toggle.accessor}
              label={labels[toggle.accessor] ?? toggle.accessor}
              checked={toggle.toggled}
              disabled={!toggle.toggleable}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                onChange(toggles.map((c) => (c.accessor === toggle.accessor ? { ...c, toggled: checked } : c)));
              }}
            />
          ))}
          <Button variant="subtle" size="xs" onClick={onReset}>
            {t('crm.list.resetColumns')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
