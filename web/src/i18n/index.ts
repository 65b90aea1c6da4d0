import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api/types';
import { readStored, STORAGE_KEYS, writeStored } from '../lib/storage';
import { en } from './en';
import { id } from './id';

export const LANGUAGES: readonly Locale[] = ['en', 'id'];

export function isLocale(value: string | null | undefined): value is Locale {
  return value === 'en' || value === 'id';
}

function initialLanguage(): Locale {
  const stored = readStored(STORAGE_KEYS.language);
  if (isLocale(stored)) return stored;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('id')) ? 'id' : 'en';
}

export function currentLocale(): Locale {
  return isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}

export async function changeLanguage(locale: Locale): Promise<void> {
  writeStored(STORAGE_KEYS.language, locale);
  await i18n.changeLanguage(locale);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

await i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, id: { translation: id } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES,
  // React already escapes text it renders.
  interpolation: { escapeValue: false },
});

export { i18n };
