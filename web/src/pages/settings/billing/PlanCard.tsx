import { Badge, Button, Card, Checkbox, Group, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { currentLocale } from '../../../i18n';
import { errorMessage } from '../../../lib/errors';
import { billingApi, formatMoney, type Currency, type Plan, type Subscription } from './api';

const day = (iso: string, locale: string): string => new Date(iso).toLocaleDateString(locale === 'id' ? 'id-ID' : 'en-GB', { timeZone: 'UTC' });

function useBillingMutation<A>(workspaceId: string, fn: (a: A) => Promise<unknown>) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      notifications.show({ color: 'brand', message: t('billing.saved') });
      await qc.invalidateQueries({ queryKey: ['billing', workspaceId] });
    },
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
  });
}

function Subscribe({ workspaceId, plans }: { workspaceId: string; plans: Plan[] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [planId, setPlanId] = useState<string | null>(plans[0]?.id ?? null);
  const [currency, setCurrency] = useState<Currency>(locale === 'id' ? 'IDR' : 'USD');
  const [trial, setTrial] = useState(true);
  const subscribe = useBillingMutation(workspaceId, billingApi.subscribe);
  return (
    <Stack>
      <Text c="dimmed">{t('billing.plan.none')}</Text>
      <Group align="flex-end">
        <Select
          label={t('billing.plan.choose')}
          data={plans.map((p) => ({ value: p.id, label: `${p.name} · ${formatMoney(p.prices[currency], currency, locale)}` }))}
          value={planId}
          onChange={setPlanId}
          allowDeselect={false}
        />
        <Select label={t('billing.plan.currency')} data={['IDR', 'USD']} value={currency} onChange={(v) => setCurrency(v === 'USD' ? 'USD' : 'IDR')} allowDeselect={false} w={120} />
      </Group>
      <Checkbox label={t('billing.plan.trial')} checked={trial} onChange={(e) => setTrial(e.currentTarget.checked)} />
      <Group>
        <Button disabled={!planId} loading={subscribe.isPending} onClick={() => planId && subscribe.mutate({ planId, currency, trial })}>
          {t('billing.plan.subscribe')}
        </Button>
      </Group>
    </Stack>
  );
}

function Manage({ workspaceId, plans, sub }: { workspaceId: string; plans: Plan[]; sub: Subscription }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [planId, setPlanId] = useState<string | null>(sub.planId);
  const [now, setNow] = useState(false);
  const [seats, setSeats] = useState<number>(sub.seats);
  const change = useBillingMutation(workspaceId, billingApi.changePlan);
  const changeSeats = useBillingMutation(workspaceId, billingApi.changeSeats);
  const cancel = useBillingMutation(workspaceId, billingApi.cancel);
  const resume = useBillingMutation(workspaceId, billingApi.resume);
  const pending = plans.find((p) => p.id === sub.pendingPlanId);
  const color = sub.status === 'active' ? 'green' : sub.status === 'trial' ? 'blue' : sub.status === 'past_due' ? 'orange' : 'gray';
  return (
    <Stack>
      <Group>
        <Title order={3} fz="lg">
          {sub.planName}
        </Title>
        <Badge color={color}>{t(`billing.status.${sub.status}`)}</Badge>
      </Group>
      <Text>{t(`billing.plan.price.${plans.find((p) => p.id === sub.planId)?.interval ?? 'period'}`, { price: formatMoney(sub.periodPrice, sub.currency, locale) })}</Text>
      <Text c="dimmed">{t('billing.plan.period', { start: day(sub.currentPeriodStart, locale), end: day(sub.currentPeriodEnd, locale) })}</Text>
      {pending ? <Text>{t('billing.plan.pending', { plan: pending.name })}</Text> : null}
      {sub.cancelAtPeriodEnd ? <Text c="orange">{t('billing.plan.ending', { date: day(sub.currentPeriodEnd, locale) })}</Text> : null}
      {sub.status === 'cancelled' ? null : (
        <>
          <Group align="flex-end">
            <Select label={t('billing.plan.change')} data={plans.map((p) => ({ value: p.id, label: p.name }))} value={planId} onChange={setPlanId} allowDeselect={false} />
            <Button variant="light" disabled={!planId || planId === sub.planId} loading={change.isPending} onClick={() => planId && change.mutate({ planId, timing: now ? 'now' : 'period_end' })}>
              {t('billing.plan.change')}
            </Button>
          </Group>
          <Checkbox label={t('billing.plan.downgradeNow')} checked={now} onChange={(e) => setNow(e.currentTarget.checked)} />
          <Text size="sm" c="dimmed">
            {t('billing.plan.changeHint')}
          </Text>
          <Group align="flex-end">
            <NumberInput label={t('billing.plan.seats')} min={1} max={100000} value={seats} onChange={(v) => setSeats(typeof v === 'number' ? v : Number(v) || 1)} w={140} />
            <Button variant="light" disabled={seats === sub.seats} loading={changeSeats.isPending} onClick={() => changeSeats.mutate(seats)}>
              {t('billing.plan.saveSeats')}
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            {t('billing.plan.seatsHint')}
          </Text>
          <Group>
            {sub.cancelAtPeriodEnd ? (
              <Button variant="default" loading={resume.isPending} onClick={() => resume.mutate(undefined)}>
                {t('billing.plan.resume')}
              </Button>
            ) : (
              <Button variant="default" loading={cancel.isPending} onClick={() => cancel.mutate(true)}>
                {t('billing.plan.cancel')}
              </Button>
            )}
            <Button color="red" variant="subtle" loading={cancel.isPending} onClick={() => window.confirm(t('billing.plan.confirmCancelNow')) && cancel.mutate(false)}>
              {t('billing.plan.cancelNow')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

export function PlanCard({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const plans = useQuery({ queryKey: ['billing', workspaceId, 'plans'], queryFn: billingApi.plans });
  const sub = useQuery({ queryKey: ['billing', workspaceId, 'subscription'], queryFn: billingApi.subscription });
  const failed = plans.error ?? sub.error;
  return (
    <Card>
      <Title order={2} fz="h3" mb="md">
        {t('billing.plan.title')}
      </Title>
      {plans.isPending || sub.isPending ? (
        <SectionLoader />
      ) : failed ? (
        <QueryError error={failed} onRetry={() => void Promise.all([plans.refetch(), sub.refetch()])} />
      ) : sub.data?.subscription && sub.data.subscription.status !== 'cancelled' ? (
        <Manage key={sub.data.subscription.id} workspaceId={workspaceId} plans={plans.data?.data ?? []} sub={sub.data.subscription} />
      ) : (
        <Subscribe workspaceId={workspaceId} plans={plans.data?.data ?? []} />
      )}
    </Card>
  );
}
