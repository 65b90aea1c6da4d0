import { Anchor, Button, Card, Checkbox, Container, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError, SectionLoader } from '../../../components/Loaders';
import { policiesApi } from './api';
import { Markdown } from './Markdown';

/**
 * After a material policy change the API answers 403 `policy_acceptance_required` until the user
 * accepts; this screen asks first, so the app is not a page of errors. It blocks everything else.
 */
export function PolicyGate({ children }: { children: ReactNode }) {
  // Asked again every few minutes, so a version that takes effect during a session is noticed.
  const state = useQuery({ queryKey: ['policies', 'acceptance'], queryFn: policiesApi.acceptance, staleTime: 60_000, refetchInterval: 5 * 60_000 });
  if (!state.data?.required) return <>{children}</>;
  return <AcceptScreen />;
}

function AcceptScreen() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [read, setRead] = useState(false);
  const policy = useQuery({ queryKey: ['policies', 'current'], queryFn: policiesApi.current });
  const accept = useMutation({
    mutationFn: policiesApi.accept,
    // Everything that failed behind the gate is asked again.
    onSuccess: () => qc.invalidateQueries(),
  });
  return (
    <Container size="md" py="xl">
      <Card>
        <Stack>
          <Title order={1} size="h2">{t('policies.accept.title')}</Title>
          <Text>{t('policies.accept.body', { version: policy.data?.version ?? '' })}</Text>
          {policy.isPending ? (
            <SectionLoader />
          ) : policy.error ? (
            <QueryError error={policy.error} />
          ) : (
            <ScrollArea.Autosize mah={480} type="auto" aria-label={t('policies.accept.textLabel')}>
              <Markdown source={policy.data.markdown} />
            </ScrollArea.Autosize>
          )}
          <Anchor href="/privacy/history" target="_blank">{t('policies.accept.history')}</Anchor>
          <Checkbox label={t('policies.accept.checkbox')} checked={read} onChange={(e) => setRead(e.currentTarget.checked)} />
          {accept.error ? <QueryError error={accept.error} /> : null}
          <Button disabled={!read} loading={accept.isPending} onClick={() => accept.mutate()}>{t('policies.accept.submit')}</Button>
        </Stack>
      </Card>
    </Container>
  );
}
