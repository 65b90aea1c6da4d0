import { Group, SegmentedControl, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Range } from './api';
import { PRESETS, type Preset } from './range';

interface Props {
  preset: Preset;
  custom: Partial<Range>;
  compare: boolean;
  onPreset: (p: Preset) => void;
  onCustom: (r: Partial<Range>) => void;
  onCompare: (on: boolean) => void;
}

/** Period presets, a custom range (two date fields) and the comparison switch. */
export function RangeControls({ preset, custom, compare, onPreset, onCustom, onCompare }: Props) {
  const { t } = useTranslation();
  return (
    <Group gap="md" align="flex-end" wrap="wrap">
      <SegmentedControl
        aria-label={t('analytics.range.label')}
        value={preset}
        onChange={(v) => onPreset(v)}
        data={PRESETS.map((p) => ({ value: p, label: t(`analytics.range.${p}`) }))}
      />
      {preset === 'custom' ? (
        <Group gap="xs" align="flex-end">
          <TextInput
            type="date"
            size="sm"
            label={t('analytics.range.from')}
            value={custom.from ?? ''}
            max={custom.to}
            onChange={(e) => onCustom({ ...custom, from: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            size="sm"
            label={t('analytics.range.to')}
            value={custom.to ?? ''}
            min={custom.from}
            onChange={(e) => onCustom({ ...custom, to: e.currentTarget.value })}
          />
        </Group>
      ) : null}
      <Switch
        label={t('analytics.range.compare')}
        checked={compare}
        onChange={(e) => onCompare(e.currentTarget.checked)}
        mb={6}
      />
    </Group>
  );
}
