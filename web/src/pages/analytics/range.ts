import type { Range } from './api';

/** Date presets of the dashboard; days are UTC, as the server counts them. */
export const PRESETS = ['today', 'd7', 'd30', 'd90', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

const PRESET_DAYS: Record<Exclude<Preset, 'custom'>, number> = { today: 1, d7: 7, d30: 30, d90: 90 };

export function utcToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function shiftDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function presetRange(preset: Exclude<Preset, 'custom'>, today = utcToday()): Range {
  return { from: shiftDay(today, -(PRESET_DAYS[preset] - 1)), to: today };
}

export function isPreset(value: string | null): value is Preset {
  return (PRESETS as readonly string[]).includes(value ?? '');
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A custom range the server will accept: real dates, in order, at most 400 days. */
export function validRange(range: Partial<Range>): range is Range {
  if (!range.from || !range.to || !DAY.test(range.from) || !DAY.test(range.to) || range.from > range.to) return false;
  return (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 < 400;
}
