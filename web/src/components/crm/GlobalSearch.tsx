import { Combobox, Group, Kbd, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { IconBriefcase, IconBuildingSkyscraper, IconSearch, IconUser, type Icon } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { crmApi } from '../../pages/crm/api/endpoints';
import { useCrmKey } from '../../pages/crm/api/queries';
import type { SearchHit } from '../../pages/crm/api/types';
import { trackFeature } from '../../lib/track';

const TYPES: Record<string, { path: string; icon: Icon }> = {
  contact: { path: '/contacts', icon: IconUser },
  company: { path: '/companies', icon: IconBuildingSkyscraper },
  deal: { path: '/deals', icon: IconBriefcase },
};
type Known = 'contact' | 'company' | 'deal';

function group(hits: SearchHit[]): [Known, SearchHit[]][] {
  const groups = new Map<Known, SearchHit[]>();
  for (const hit of hits) {
    if (!(hit.type in TYPES)) continue;
    const type = hit.type as Known;
    groups.set(type, [...(groups.get(type) ?? []), hit]);
  }
  return [...groups.entries()];
}

/**
 * Search every contact, company and deal from the header. Arrow keys move through the results,
 * Enter opens the highlighted one (the first, unless another is chosen), `/` focuses the box.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const key = useCrmKey();
  const navigate = useNavigate();
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [q] = useDebouncedValue(value.trim(), 200);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const results = useQuery({
    queryKey: key('search', q),
    queryFn: () => crmApi.search(q),
    enabled: q.length > 0,
    staleTime: 10_000,
  });
  const groups = group(results.data?.data ?? []);
  useHotkeys([['/', () => inputRef.current?.focus()]]);

  useEffect(() => {
    // Keep the first result highlighted so Enter opens it straight away.
    // The store object changes every render; only new results should move the highlight.
    if (results.data && q) combobox.selectFirstOption();
  }, [results.data, q]);

  const open = (option: string) => {
    const [type, id] = option.split(':') as [Known, string];
    trackFeature('search.result_open');
    setValue('');
    combobox.closeDropdown();
    inputRef.current?.blur();
    void navigate(`${TYPES[type]?.path ?? '/'}/${id}`);
  };

  return (
    <Combobox store={combobox} onOptionSubmit={open} withinPortal width={360} position="bottom-start" shadow="md">
      <Combobox.Target>
        <TextInput
          ref={inputRef}
          w={{ base: 180, md: 320 }}
          placeholder={t('crm.search.placeholder')}
          aria-label={t('crm.search.label')}
          leftSection={<IconSearch size={16} aria-hidden="true" />}
          rightSection={
            results.isFetching ? (
              <Loader size="xs" />
            ) : (
              <Kbd size="xs" visibleFrom="md">
                /
              </Kbd>
            )
          }
          value={value}
          onChange={(e) => {
            setValue(e.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => value && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setValue('');
              combobox.closeDropdown();
            }
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!q}>
        <Combobox.Options aria-label={t('crm.search.results')}>
          {groups.length === 0 ? (
            <Combobox.Empty>{results.isFetching ? t('common.loading') : t('crm.search.none', { q })}</Combobox.Empty>
          ) : (
            groups.map(([type, hits]) => (
              <Combobox.Group key={type} label={t(`crm.search.groups.${type}`)}>
                {hits.map((hit) => {
                  const TypeIcon = TYPES[type]?.icon ?? IconSearch;
                  return (
                    <Combobox.Option key={hit.id} value={`${type}:${hit.id}`}>
                      <Group gap="xs" wrap="nowrap">
                        <TypeIcon size={16} aria-hidden="true" />
                        <Text fz="sm" truncate>
                          {hit.title}
                        </Text>
                      </Group>
                    </Combobox.Option>
                  );
                })}
              </Combobox.Group>
            ))
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
