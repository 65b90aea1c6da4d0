import { useTranslation } from 'react-i18next';

/** Numbers, percentages, durations and country names in the reader's language. */
export function useAnalyticsFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage === 'id' ? 'id-ID' : 'en-GB';
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const signed = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const longDay = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  let regions: Intl.DisplayNames | null = null;
  try {
    regions = new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    regions = null;
  }
  return {
    number: (n: number) => number.format(n),
    percent: (n: number) => percent.format(n),
    /** Change from `before` to `now` as a signed percentage; null when there is nothing to compare with. */
    change: (now: number, before: number) => (before > 0 ? signed.format((now - before) / before) : null),
    duration: (ms: number) => {
      const seconds = Math.round(ms / 1000);
      return seconds < 60
        ? t('analytics.duration.seconds', { count: seconds })
        : t('analytics.duration.minutes', { m: Math.floor(seconds / 60), s: seconds % 60 });
    },
    day: (iso: string) => day.format(new Date(`${iso}T00:00:00Z`)),
    longDay: (iso: string) => longDay.format(new Date(`${iso}T00:00:00Z`)),
    country: (code: string) => {
      if (!/^[A-Z]{2}$/.test(code)) return code;
      try {
        return regions?.of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}
