import { Modal } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { contactsApi } from '../api/endpoints';
import { useCrmKey } from '../api/queries';
import { ContactForm } from './ContactForm';
import { notify } from '../../../components/crm/notify';
import { trackFeature } from '../../../lib/track';

export function NewContactModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <Modal opened={opened} onClose={onClose} title={t('crm.contacts.new')} size="lg" centered>
      <ContactForm
        submitLabel={t('crm.contacts.create')}
        onCancel={onClose}
        onSubmit={async (input) => {
          const contact = await contactsApi.create(input);
          trackFeature('contacts.create');
          await queryClient.invalidateQueries({ queryKey: key('contact') });
          notify({ message: t('crm.contacts.created', { name: contact.name }) });
          onClose();
          await navigate(`/contacts/${contact.id}`);
        }}
      />
    </Modal>
  );
}
