import { Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus, IconCheck, IconFileText, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { notify } from '../../components/crm/notify';
import { errorMessage } from '../../lib/errors';
import { useFormatters } from '../../lib/format';
import { trackFeature } from '../../lib/track';
import { useOptionalWorkspace } from '../../lib/workspace';
import { requestsApi, type PrivacyRequest, type PrivacyScopeName } from './api';
import { isClosed } from './badges';
import { useAssigneeNames } from './hooks';
import { ReasonModal } from './ReasonModal';

const PRIVACY_CODES = ['extension_not_allowed', 'token_invalid', 'token_expired'] as const;

export function privacyError(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && (PRIVACY_CODES as readonly string[]).includes(error.code)) {
    return t(`privacy.errors.${error.code as (typeof PRIVACY_CODES)[number]}`);
  }
  return errorMessage(t, error);
}

type Modal = 'extend' | 'reject' | 'complete' | null;

/** Assign, extend, reject, complete: each answers with the updated request, which replaces the cached one. */
export function RequestActions({
  request,
  scope,
  canManage,
}: {
  request: PrivacyRequest;
  scope: PrivacyScopeName;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const queryClient = useQueryClient();
  const current = useOptionalWorkspace();
  const people = useAssigneeNames(scope);
  const [modal, setModal] = useState<Modal>(null);
  const closed = isClosed(request.status) || request.status === 'processing';

  const done = async (message: string) => {
    notify({ message });
    setModal(null);
    await queryClient.invalidateQueries({ queryKey: ['privacy'] });
  };
  const onError = (error: unknown) => notify({ color: 'red', message: privacyError(t, error) });

  const assign = useMutation({
    mutationFn: (assigneeId: string | null) => requestsApi.assign(request.id, scope, assigneeId),
    onSuccess: () => done(t('privacy.detail.assigned')),
    onError,
  });
  const extend = useMutation({
    mutationFn: (reason: string) => requestsApi.extend(request.id, scope, reason),
    onSuccess: () => done(t('privacy.modals.extended')),
  });
  const reject = useMutation({
    mutationFn: (reason: string) => requestsApi.reject(request.id, scope, reason),
    onSuccess: () => done(t('privacy.modals.rejected')),
  });
  const complete = useMutation({
    mutationFn: () => requestsApi.complete(request.id, scope),
    onSuccess: () => {
      trackFeature('privacy.request_complete');
      return done(t('privacy.modals.completed'));
    },
    onError,
  });

  const assigneeOptions = [...people.options];
  if (request.assigneeId && !assigneeOptions.some((o) => o.value === request.assigneeId)) {
    assigneeOptions.push({ value: request.assigneeId, label: people.name(request.assigneeId) ?? request.assigneeId });
  }
  const needsVerification = request.status === 'unverified';
  // One extension per request, and only where the law that sets the clock allows one.
  const extendable = request.extendedAt === null && request.maxExtensionDueAt !== null;

  return (
    <Card component="section" aria-labelledby="privacy-actions">
      <Title order={2} fz="md" mb="md" id="privacy-actions">
        {t('privacy.detail.actions')}
      </Title>
      <Stack gap="md">
        <Select
          label={t('privacy.detail.assignee')}
          placeholder={t('privacy.queue.unassigned')}
          data={assigneeOptions}
          value={request.assigneeId}
          onChange={(v) => assign.mutate(v)}
          clearable
          disabled={!canManage || isClosed(request.status) || assign.isPending}
        />
        {closed ? (
          <Text fz="sm" c="dimmed">
            {request.status === 'processing' ? t('privacy.detail.processingNotice') : t('privacy.detail.closedNotice')}
          </Text>
        ) : canManage ? (
          <Group gap="sm">
            <Button
              leftSection={<IconCheck size={16} aria-hidden="true" />}
              onClick={() => setModal('complete')}
              disabled={needsVerification}
            >
              {t('privacy.detail.complete')}
            </Button>
            <Button
              variant="default"
              leftSection={<IconCalendarPlus size={16} aria-hidden="true" />}
              onClick={() => setModal('extend')}
              disabled={needsVerification || !extendable}
            >
              {t('privacy.detail.extend')}
            </Button>
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconX size={16} aria-hidden="true" />}
              onClick={() => setModal('reject')}
            >
              {t('privacy.detail.reject')}
            </Button>
          </Group>
        ) : null}
        {canManage && !closed && !extendable ? (
          <Text fz="xs" c="dimmed">
            {request.extendedAt ? t('privacy.detail.alreadyExtended') : t('privacy.detail.noExtension')}
          </Text>
        ) : null}
        {request.type === 'access' || request.type === 'portability' ? (
          <Button
            component="a"
            href={requestsApi.reportUrl(request.id, scope, current?.id ?? null)}
            target="_blank"
            rel="noopener"
            variant="light"
            leftSection={<IconFileText size={16} aria-hidden="true" />}
            w="fit-content"
          >
            {t('privacy.detail.report')}
          </Button>
        ) : null}
      </Stack>
      <ReasonModal
        opened={modal === 'extend'}
        title={t('privacy.modals.extendTitle')}
        body={t('privacy.modals.extendBody', { date: format.dateTime(request.maxExtensionDueAt) })}
        hint={t('privacy.modals.reasonHint')}
        confirmLabel={t('privacy.modals.extendConfirm')}
        loading={extend.isPending}
        error={extend.isError ? privacyError(t, extend.error) : null}
        onConfirm={(reason) => extend.mutate(reason)}
        onClose={() => {
          extend.reset();
          setModal(null);
        }}
      />
      <ReasonModal
        opened={modal === 'reject'}
        title={t('privacy.modals.rejectTitle')}
        body={t('privacy.modals.rejectBody')}
        hint={t('privacy.modals.reasonHint')}
        confirmLabel={t('privacy.modals.rejectConfirm')}
        color="red"
        loading={reject.isPending}
        error={reject.isError ? privacyError(t, reject.error) : null}
        onConfirm={(reason) => reject.mutate(reason)}
        onClose={() => {
          reject.reset();
          setModal(null);
        }}
      />
      <ConfirmModal
        opened={modal === 'complete'}
        title={t('privacy.modals.completeTitle')}
        body={t('privacy.modals.completeBody')}
        confirmLabel={t('privacy.modals.completeConfirm')}
        loading={complete.isPending}
        onConfirm={() => complete.mutate()}
        onClose={() => setModal(null)}
      />
    </Card>
  );
}
