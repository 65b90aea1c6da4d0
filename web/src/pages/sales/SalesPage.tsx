import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { SalesDashboard } from './SalesDashboard';

export function SalesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('sales.dashboard.pageTitle')} subtitle={t('sales.dashboard.subtitle')} />
      <SalesDashboard />
    </>
  );
}
