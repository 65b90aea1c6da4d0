import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../api/types';

const COLORS: Record<LifecycleStage, string> = {
  subscriber: 'gray',
  lead: 'blue',
  mql: 'cyan',
  sql: 'indigo',
  opportunity: 'violet',
  customer: 'teal',
  evangelist: 'grape',
  other: 'gray',
};

function isStage(value: string): value is LifecycleStage {
  return (LIFECYCLE_STAGES as readonly string[]).includes(value);
}

export function LifecycleBadge({ stage, size = 'sm' }: { stage: string; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  if (!isStage(stage))
    return (
      <Badge size={size} variant="light" color="gray" c="gray.9">
        {stage}
      </Badge>
    );
  return (
    <Badge size={size} variant="light" color={COLORS[stage]} c={`${COLORS[stage]}.9`}>
      {t(`crm.lifecycle.${stage}`)}
    </Badge>
  );
}
