import { Alert, Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconDownload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AuthCard } from '../../components/PublicLayout';
import { ResultCard } from '../ResultCard';
import { DownloadError, downloadExport } from './api';

/** Hands the blob to the browser as a file download, then frees it. */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function DownloadExportPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  useDocumentTitle(`${t('privacy.download.title')} · Kodepos`);
  const download = useMutation({
    mutationFn: downloadExport,
    onSuccess: ({ blob, filename }) => saveBlob(blob, filename),
  });

  const newRequest = (
    <Button component={Link} to="/privacy/request" variant="light">
      {t('privacy.download.newRequest')}
    </Button>
  );
  if (!token) {
    return (
      <ResultCard tone="error" title={t('privacy.download.failedTitle')} body={t('privacy.download.missingToken')}>
        {newRequest}
      </ResultCard>
    );
  }
  if (download.isError) {
    const code = download.error instanceof DownloadError ? download.error.code : '';
    const body =
      code === 'export_expired'
        ? t('privacy.download.expired')
        : code === 'export_used'
          ? t('privacy.download.used')
          : code === 'token_invalid'
            ? t('privacy.download.invalid')
            : t('common.errors.unknown', { code: code || 'client' });
    return (
      <ResultCard tone="error" title={t('privacy.download.failedTitle')} body={body}>
        {newRequest}
      </ResultCard>
    );
  }
  return (
    <AuthCard>
      <Stack align="center" ta="center" gap="md">
        <Title order={1} fz={26}>
          {t('privacy.download.title')}
        </Title>
        <Text>{t('privacy.download.body')}</Text>
        {download.isSuccess ? (
          <Alert color="green" role="status" w="100%">
            {t('privacy.download.started')}
          </Alert>
        ) : (
          <Button
            size="md"
            loading={download.isPending}
            leftSection={<IconDownload size={18} aria-hidden="true" />}
            onClick={() => download.mutate(token)}
          >
            {t('privacy.download.button')}
          </Button>
        )}
      </Stack>
    </AuthCard>
  );
}
