import { Alert, Card, Stepper } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { errorMessage } from '../../../lib/errors';
import { trackFeature } from '../../../lib/track';
import { importsApi, type ImportRequest } from '../api/files';
import type { DedupeMode, ImportPreview } from '../api/jobTypes';
import type { ImportObject } from '../api/types';
import { PreviewStep } from './PreviewStep';
import { ProgressStep } from './ProgressStep';
import { UploadStep } from './UploadStep';

/** Upload → dry-run preview with editable mapping → import with live progress, rejected rows and undo. */
export function ImportPage({ object }: { object: ImportObject }) {
  const { t } = useTranslation();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [dedupe, setDedupe] = useState<DedupeMode>('update');
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [dirty, setDirty] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);

  const request = (withMapping: boolean): ImportRequest | null =>
    file ? { file, object, dedupe, ...(withMapping ? { mapping } : {}) } : null;
  const runPreview = useMutation({
    mutationFn: (input: ImportRequest) => importsApi.preview(input),
    onSuccess: (result) => {
      setPreview(result);
      setMapping(Object.fromEntries(result.mapping.map((m) => [m.column, m.field])));
      setDirty(false);
      setStep(1);
    },
  });
  const start = useMutation({
    mutationFn: (input: ImportRequest) => importsApi.start(input),
    onSuccess: (result) => {
      trackFeature('crm.import_start');
      setImportId(result.id);
      setStep(2);
    },
  });
  const title = object === 'contact' ? t('crm.import.titleContacts') : t('crm.import.titleCompanies');

  return (
    <>
      <PageHeader title={title} subtitle={t('crm.import.subtitle')} />
      <Card>
        <Stepper
          active={step}
          allowNextStepsSelect={false}
          onStepClick={(s) => step < 2 && s < step && setStep(s)}
          mb="xl"
        >
          <Stepper.Step label={t('crm.import.steps.upload')} description={t('crm.import.steps.uploadHint')}>
            <UploadStep
              file={file}
              dedupe={dedupe}
              busy={runPreview.isPending}
              error={runPreview.error}
              onFile={setFile}
              onDedupe={setDedupe}
              onNext={() => {
                const input = request(false);
                if (input) runPreview.mutate(input);
              }}
            />
          </Stepper.Step>
          <Stepper.Step label={t('crm.import.steps.preview')} description={t('crm.import.steps.previewHint')}>
            {start.isError || (runPreview.isError && preview) ? (
              <Alert color="red" role="alert" mb="md">
                {errorMessage(t, start.error ?? runPreview.error)}
              </Alert>
            ) : null}
            {preview ? (
              <PreviewStep
                object={object}
                preview={preview}
                mapping={mapping}
                dedupe={dedupe}
                dirty={dirty}
                busy={runPreview.isPending || start.isPending}
                onMapping={(column, field) => {
                  setMapping((m) => ({ ...m, [column]: field }));
                  setDirty(true);
                }}
                onDedupe={(mode) => {
                  setDedupe(mode);
                  setDirty(true);
                }}
                onRefresh={() => {
                  const input = request(true);
                  if (input) runPreview.mutate(input);
                }}
                onBack={() => setStep(0)}
                onStart={() => {
                  const input = request(true);
                  if (input) start.mutate(input);
                }}
              />
            ) : null}
          </Stepper.Step>
          <Stepper.Step label={t('crm.import.steps.import')} description={t('crm.import.steps.importHint')}>
            {importId ? <ProgressStep importId={importId} object={object} /> : null}
          </Stepper.Step>
        </Stepper>
      </Card>
    </>
  );
}

export function ContactImportPage() {
  return <ImportPage object="contact" />;
}

export function CompanyImportPage() {
  return <ImportPage object="company" />;
}
