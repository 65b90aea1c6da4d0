import { describe, expect, it } from 'vitest';
import type { FormConsentView, FormField } from './forms-schema.js';
import { readSubmission, ticked } from './submissions-answers.js';

const field = (f: Partial<FormField> & Pick<FormField, 'key' | 'type'>): FormField => ({ label: { en: f.key, id: f.key }, required: false, mapsTo: null, customField: null, options: [], ...f });
const consent: FormConsentView = { key: 'news', purpose: 'marketing', text: { en: 'News', id: 'Kabar' }, versionId: 'fcv_1' };

describe('reading a submission', () => {
  it('counts only an explicit tick', () => {
    for (const v of [true, 'on', 'true', '1', 'YES']) expect(ticked(v)).toBe(true);
    for (const v of [false, 'off', '', '0', 'no', undefined, null, 1]) expect(ticked(v)).toBe(false);
  });

  it('fills contact fields from non-empty answers only, email in lower case', () => {
    const fields = [field({ key: 'email', type: 'email', mapsTo: 'email', required: true }), field({ key: 'first', type: 'text', mapsTo: 'firstName' }), field({ key: 'last', type: 'text', mapsTo: 'lastName' })];
    const r = readSubmission(fields, [consent], { email: ' Ana@Example.COM ', first: 'Ana', last: '   ' });
    expect(r.problems).toEqual([]);
    expect(r.contact).toEqual({ email: 'ana@example.com', firstName: 'Ana' });
    expect(r.consents).toEqual([{ key: 'news', purpose: 'marketing', versionId: 'fcv_1', granted: false }]);
  });

  it('names each bad field', () => {
    const fields = [
      field({ key: 'email', type: 'email', required: true }),
      field({ key: 'phone', type: 'phone' }),
      field({ key: 'size', type: 'select', options: [{ value: 's', label: { en: 'S', id: 'S' } }] }),
      field({ key: 'terms', type: 'checkbox', required: true }),
      field({ key: 'note', type: 'textarea' }),
      field({ key: 'obj', type: 'text' }),
    ];
    const r = readSubmission(fields, [], { phone: 'call me', size: 'xl', terms: 'off', note: 'x'.repeat(5001), obj: { a: 1 } });
    expect(r.problems).toEqual([
      { field: 'body.email', message: 'is required' },
      { field: 'body.phone', message: 'must be a phone number' },
      { field: 'body.size', message: 'must be one of the choices' },
      { field: 'body.terms', message: 'must be ticked' },
      { field: 'body.note', message: 'must be at most 5000 characters' },
      { field: 'body.obj', message: 'must be text' },
    ]);
  });
});
