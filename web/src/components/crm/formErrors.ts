import type { UseFormReturnType } from '@mantine/form';
import { fieldErrors } from '../../lib/errors';

/**
 * Puts the API's per-field messages on the form's fields. `address.city` is shown on the `city`
 * input; `customFields.nps` lands on the custom field of that key. Returns whether any field took one.
 */
export function applyApiErrors<V>(form: UseFormReturnType<V>, error: unknown): boolean {
  const fields = fieldErrors(error);
  let shown = false;
  for (const [path, message] of Object.entries(fields)) {
    const target = path.startsWith('address.') ? path.slice('address.'.length) : path;
    form.setFieldError(target, message);
    shown = true;
  }
  return shown;
}

/** Trimmed text, or null so the API clears the field. */
export function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Custom values without the emptied ones, which would otherwise fail type checks. */
export function cleanCustom(
  values: Record<string, unknown>,
  initial: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (!empty) out[key] = value;
    else if (key in initial && initial[key] !== null) out[key] = null;
  }
  return out;
}
