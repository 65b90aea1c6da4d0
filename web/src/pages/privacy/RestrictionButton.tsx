import { Button } from '@mantine/core';
import { IconLock, IconLockOpen } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../components/crm/notify';
import { errorMessage } from '../../lib/errors';
import { restrictionApi } from './api';
import { usePrivacyAccess } from './hooks';
import { ReasonModal } from './ReasonModal';

/** Restrict or lift processing of one contact, with a reason; shown only to those holding privacy.manage. */
export function RestrictionButton({ contactId, restricted }: { contactId: string; restricted: boolean }) {
  const { t } = useTranslation();
  const access = usePrivacyAccess();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  // What the open dialog does, fixed when it opens: the record refetches while the dialog fades out.
  const [lifting, setLifting] = useState(restricted);
  const change = useMutation({
    mutationFn: (reason: string) => restrictionApi.set(contactId, !lifting, reason),
    onSuccess: async () => {
      notify({ message: lifting ? t('privacy.restriction.lifted') : t('privacy.restriction.restricted') });
      setOpen(false);
      // Contacts, their lists and timelines all show the flag.
      await queryClient.invalidateQueries({ queryKey: ['ws'] });
    },
  });
  if (!access.workspace) return null;
  return (
    <>
      <Button
        variant="default"
        leftSection={
          restricted ? <IconLockOpen size={16} aria-hidden="true" /> : <IconLock size={16} aria-hidden="true" />
        }
        onClick={() => {
          setLifting(restricted);
          setOpen(true);
        }}
      >
        {restricted ? t('privacy.restriction.lift') : t('privacy.restriction.restrict')}
      </Button>
      <ReasonModal
        opened={open}
        title={lifting ? t('privacy.restriction.liftTitle') : t('privacy.restriction.restrictTitle')}
        body={lifting ? t('privacy.restriction.liftBody') : t('privacy.restriction.restrictBody')}
        confirmLabel={lifting ? t('privacy.restriction.lift') : t('privacy.restriction.restrict')}
        color={lifting ? undefined : 'orange'}
        loading={change.isPending}
        error={change.isError ? errorMessage(t, change.error) : null}
        onConfirm={(reason) => change.mutate(reason)}
        onClose={() => {
          change.reset();
          setOpen(false);
        }}
      />
    </>
  );
}
