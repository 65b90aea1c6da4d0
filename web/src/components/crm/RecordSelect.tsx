import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { companiesApi, contactsApi } from '../../pages/crm/api/endpoints';
import { useCrmKey } from '../../pages/crm/api/queries';
import { loadName } from './nameBatcher';

type Linkable = 'contact' | 'company';

/** Id and display name of the records matching a search. */
async function searchNamed(object: Linkable, q: string): Promise<{ id: string; name: string }[]> {
  const page =
    object === 'contact' ? await contactsApi.list({ q }, undefined, 20) : await companiesApi.list({ q }, undefined, 20);
  return page.data.map((r) => ({ id: r.id, name: r.name }));
}

/** A linked record's display name, fetched in a batch with the other names on screen. */
export function useRecordName(object: 'contact' | 'company' | 'deal', id: string | null | undefined): string | null {
  const key = useCrmKey();
  const query = useQuery({
    queryKey: key(object, 'name', id),
    queryFn: () => loadName(object, id ?? ''),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
  });
  return query.data ?? null;
}

interface Props {
  object: Linkable;
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | null;
  disabled?: boolean;
}

/** A searchable picker over the server's full-text search, so it works for any number of records. */
export function RecordSelect({ object, label, value, onChange, error, disabled }: Props) {
  const { t } = useTranslation();
  const key = useCrmKey();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const results = useQuery({
    queryKey: key(object, 'picker', q),
    queryFn: () => searchNamed(object, q),
    staleTime: 30_000,
  });
  const currentName = useRecordName(object, value);
  const options = (results.data ?? []).map((r) => ({ value: r.id, label: r.name }));
  if (value && currentName && !options.some((o) => o.value === value)) options.unshift({ value, label: currentName });

  return (
    <Select
      label={label}
      placeholder={t('crm.pickerPlaceholder')}
      data={options}
      value={value}
      onChange={onChange}
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={results.isFetching ? t('common.loading') : t('crm.nothingFound')}
      error={error}
      disabled={disabled}
    />
  );
}
