import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { useUrlParams } from '../../../lib/searchParams';
import { CalendarsCard } from './CalendarsCard';
import { CannedCard } from './CannedCard';
import { GeneralCard } from './GeneralCard';
import { PoliciesCard } from './PoliciesCard';
import { TeamsCard } from './TeamsCard';

const TABS = ['general', 'teams', 'canned', 'sla'] as const;

export function ServiceSettingsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useUrlParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'general';
  return (
    <>
      <PageHeader title={t('service.settings.title')} subtitle={t('service.settings.subtitle')} />
      <Tabs value={tab} onChange={(v) => setParams({ tab: v === 'general' ? null : v })} keepMounted={false}>
        <Tabs.List mb="lg">
          {TABS.map((x) => (
            <Tabs.Tab key={x} value={x}>
              {t(`service.settings.tabs.${x}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="general">
          <GeneralCard />
        </Tabs.Panel>
        <Tabs.Panel value="teams">
          <TeamsCard />
        </Tabs.Panel>
        <Tabs.Panel value="canned">
          <CannedCard />
        </Tabs.Panel>
        <Tabs.Panel value="sla">
          <PoliciesCard />
          <CalendarsCard />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
