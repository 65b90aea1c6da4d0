import { Alert, Button, Checkbox, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormConsent, FormField } from './api';

/** The form as a visitor sees it, in either language; nothing is sent. */
export function FormPreview({ fields, consents, ageGate }: { fields: FormField[]; consents: FormConsent[]; ageGate: boolean }) {
  const { t } = useTranslation();
  const [lang, setLang] = useState<'en' | 'id'>('en');
  const birthdate = fields.find((f) => f.type === 'birthdate');
  return (
    <Stack gap="md" maw={560}>
      <SegmentedControl
        aria-label={t('forms.preview.language')}
        value={lang}
        onChange={(v) => setLang(v === 'id' ? 'id' : 'en')}
        data={[{ value: 'en', label: 'English' }, { value: 'id', label: 'Bahasa Indonesia' }]}
      />
      <Alert variant="light" color="blue">{t('forms.preview.note')}</Alert>
      <Stack gap="sm" lang={lang} component="form" onSubmit={(e) => e.preventDefault()}>
        {fields.map((f) => {
          const label = f.label[lang] || f.key;
          if (f.type === 'checkbox') return <Checkbox key={f.key} label={label} required={f.required} />;
          if (f.type === 'textarea') return <Textarea key={f.key} label={label} required={f.required} minRows={3} />;
          if (f.type === 'select') return <Select key={f.key} label={label} required={f.required} data={f.options.map((o) => ({ value: o.value, label: o.label[lang] }))} />;
          if (f.type === 'birthdate') return <TextInput key={f.key} label={label} required={f.required || ageGate} type="date" />;
          return <TextInput key={f.key} label={label} required={f.required} type={f.type === 'phone' ? 'tel' : f.type} />;
        })}
        {ageGate && !birthdate ? <Checkbox label={t('forms.preview.ageConfirm', { lng: lang })} required /> : null}
        {consents.map((c) => (
          <Checkbox key={c.key} label={<Text fz="sm">{c.text[lang] || c.key}</Text>} defaultChecked={false} />
        ))}
        <div>
          <Button type="submit" disabled>{t('forms.preview.send')}</Button>
        </div>
      </Stack>
    </Stack>
  );
}
