import { useTranslation } from 'react-i18next';
import { ROLES } from '../../api/types';

export function useRoleOptions() {
  const { t } = useTranslation();
  return ROLES.map((role) => ({ value: role, label: t(`common.roles.${role}`) }));
}
