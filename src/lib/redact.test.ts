import { describe, expect, it } from 'vitest';
import { scrub, scrubError, scrubString, scrubUrl } from './redact.js';

describe('scrubString', () => {
  it('masks e-mail addresses', () => {
    expect(scrubString('sent to siti.rahayu+crm@example.co.id today')).toBe('sent to [email] today');
  });

  it('masks Indonesian, international and US phone numbers', () => {
    expect(scrubString('call +62 812 3456 7890')).toBe('call [phone]');
    expect(scrubString('call 081234567890 now')).toBe('call [phone] now');
    expect(scrubString('office (248) 495-7183')).not.toMatch(/248|495|7183/);
    expect(scrubString('fax 123.456.7890')).toBe('fax [phone]');
  });

  it('leaves IP addresses, ISO dates and times alone', () => {
    for (const s of [
      'from 192.168.100.200',
      'from 10.0.0.1:3000',
      '2024-05-01',
      'at 2024-05-01T10:20:30.123Z',
      '2024-05-01 10:20:30',
      '10:20:30',
      'from 2024-05-01 - 2024-06-01',
    ]) {
      expect(scrubString(s)).toBe(s);
    }
  });

  it('still masks a phone number written right after a date', () => {
    expect(scrubString('2024-05-01 0812 3456 7890')).toBe('2024-05-01 [phone]');
  });

  it('leaves ids, uuids and short numbers alone', () => {
    for (const s of ['req_01m8h22hemjetsnft6ksnsswv3', '550e8400-e29b-41d4-a716-446655440000', 'limit 200', 'v1.2.3']) {
      expect(scrubString(s)).toBe(s);
    }
  });
});

describe('scrubUrl', () => {
  it('drops every query value and keeps the keys', () => {
    expect(scrubUrl('/api/v1/contacts?email=siti%40example.com&limit=5')).toBe(
      '/api/v1/contacts?email=[redacted]&limit=[redacted]',
    );
  });

  it('masks PII in the path, also when %-encoded', () => {
    expect(scrubUrl('/api/v1/x/siti%40example.com/%2B62%20812%203456%207890')).toBe('/api/v1/x/[email]/[phone]');
  });

  it('masks PII used as a query key and survives a bad escape', () => {
    expect(scrubUrl('/a?siti@example.com')).toBe('/a?%5Bemail%5D=[redacted]');
    expect(scrubUrl('/a/%E0%A4%A')).toBe('/a/%E0%A4%A');
  });
});

describe('scrub', () => {
  it('redacts secrets and identities by key', () => {
    const out = scrub({
      password: 'hunter22',
      token: 'abc',
      authorization: 'Bearer x',
      cookie: 'kodepos_session=1',
      name: 'Siti',
      apiKey: 'kp_1',
      phone: 6281234567890,
    });
    expect(out).toEqual({
      password: '[redacted]',
      token: '[redacted]',
      authorization: '[redacted]',
      cookie: '[redacted]',
      name: '[redacted]',
      apiKey: '[redacted]',
      phone: '[redacted]',
    });
  });

  it('keeps the fields a request line needs', () => {
    const line = {
      method: 'POST',
      url: '/api/v1/auth/login?email=a@b.co',
      statusCode: 401,
      responseTime: 12.5,
      reqId: 'req_1',
    };
    expect(scrub(line)).toEqual({ ...line, url: '/api/v1/auth/login?email=[redacted]' });
  });

  it('masks e-mails in nested objects and arrays', () => {
    const out = scrub({ a: { b: { note: 'mail siti@example.com' } }, list: ['x@example.com', { c: 'y@example.org' }] });
    expect(JSON.stringify(out)).not.toMatch(/@example/);
  });

  it('redacts every item of an array under a sensitive key', () => {
    expect(scrub({ names: ['Siti Rahayu', 'Budi'], emails: [['a@b.co']] })).toEqual({
      names: ['[redacted]', '[redacted]'],
      emails: [['[redacted]']],
    });
  });

  it('redacts keys inside nested sensitive objects', () => {
    expect(
      scrub({ user: { name: 'Siti', id: 'usr_1' }, headers: { authorization: 'Bearer kp_x', 'set-cookie': ['s=1'] } }),
    ).toEqual({
      user: { name: '[redacted]', id: 'usr_1' },
      headers: { authorization: '[redacted]', 'set-cookie': ['[redacted]'] },
    });
  });

  it('turns errors into plain objects with scrubbed message, stack and cause', () => {
    const err = new Error('no user siti@example.com', { cause: new Error('phone +62 812 3456 7890') });
    const out = scrub({ err }) as { err: Record<string, unknown> };
    expect(out.err.type).toBe('Error');
    expect(JSON.stringify(out)).not.toMatch(/siti@|3456/);
    expect(scrubError(Object.assign(new TypeError('x'), { code: 'E_X' }))).toMatchObject({
      type: 'TypeError',
      code: 'E_X',
    });
  });

  it('stops at a depth limit and passes scalars and class instances through', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } };
    expect(JSON.stringify(scrub(deep))).toContain('[deep]');
    expect(scrub(42)).toBe(42);
    expect(scrub(null)).toBe(null);
    const d = new Date(0);
    expect(scrub(d)).toBe(d);
  });
});
