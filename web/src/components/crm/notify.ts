import { notifications, type NotificationData } from '@mantine/notifications';
import i18next from 'i18next';

/** A toast whose close button has a name screen readers can announce (Mantine's has none by default). */
export function notify(data: NotificationData): void {
  notifications.show({
    ...data,
    closeButtonProps: { 'aria-label': i18next.t('common.close'), ...data.closeButtonProps },
  });
}
