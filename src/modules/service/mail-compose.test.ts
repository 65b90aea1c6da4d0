import { describe, expect, it } from 'vitest';
import { ackMail, cleanSubject, messageIdList, replyMail, subjectTag, threadHeaders, ticketIdOfAckMessageId, ackMessageId, ticketSubject, tokenOfAddress } from './mail-compose.js';
import { stripQuoted } from './inbound-strip.js';
import { guessRequestType } from './inbound-privacy.js';

describe('service mail subjects and ids', () => {
  it('tags subjects once, with one "Re:" on replies', () => {
    expect(ticketSubject(7, 'Printer broken', false)).toBe('[#7] Printer broken');
    expect(ticketSubject(7, 'Re: RE: Fwd: [#7] Printer broken', true)).toBe('Re: [#7] Printer broken');
    expect(ticketSubject(7, 'Bls: Balas: AW: Printer', true)).toBe('Re: [#7] Printer');
    expect(cleanSubject('Re[2]: [#12] Login fails')).toBe('Login fails');
    expect(subjectTag('Re: [#12] Login fails')).toBe(12);
    expect(subjectTag('Order #12')).toBeNull();
  });

  it('reads Message-ID lists in any spacing, without duplicates', () => {
    expect(messageIdList('<a@x> <b@y>\r\n <a@x>')).toEqual(['a@x', 'b@y']);
    expect(messageIdList(['<a@x>', '<c@z>'])).toEqual(['a@x', 'c@z']);
    expect(messageIdList('bare@id')).toEqual(['bare@id']);
    expect(messageIdList(undefined)).toEqual([]);
  });

  it('builds In-Reply-To and References, shortening long threads from the middle', () => {
    expect(threadHeaders([], null)).toEqual({});
    expect(threadHeaders(['a@x', 'b@x'], 'a@x')).toEqual({ 'In-Reply-To': '<a@x>', References: '<a@x> <b@x>' });
    const long = Array.from({ length: 30 }, (_, i) => `m${i}@x`);
    const refs = threadHeaders(long, null).References?.split(' ') ?? [];
    expect(refs).toHaveLength(20);
    expect(refs[0]).toBe('<m0@x>');
    expect(refs[19]).toBe('<m29@x>');
  });

  it('knows its own acknowledgement ids and reply addresses', () => {
    expect(ticketIdOfAckMessageId(ackMessageId('tkt_01abc', 'help.example'))).toBe('tkt_01abc');
    expect(ticketIdOfAckMessageId('kp.x@help.example')).toBeNull();
    expect(tokenOfAddress('support+AbCdEf123456@help.example')).toBe('AbCdEf123456');
    expect(tokenOfAddress('sales@help.example')).toBeNull();
  });

  it('writes replies and acknowledgements in the ticket language with a reply marker and no history', () => {
    const t = { number: 3, subject: 'Re: Invoice', requesterName: 'Sari', workspaceName: 'Toko' };
    const en = replyMail('en', t, 'Fixed now.', 'Agus');
    expect(en.subject).toBe('Re: [#3] Invoice');
    expect(en.text).toContain('##- Please type your reply above this line -##');
    expect(en.text).toContain('Fixed now.');
    expect(en.html).toContain('Fixed now.');
    const id = ackMail('id', t);
    expect(id.subject).toBe('[#3] Invoice');
    expect(id.text).toContain('Halo Sari,');
    expect(replyMail('en', t, '<b>x</b>', null).html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('quoted history and signatures', () => {
  it('cuts at our reply marker, "wrote:" lines (EN/ID), Outlook headers and signatures', () => {
    expect(stripQuoted('Thanks!\n\n##- Please type your reply above this line -##\nold')).toBe('Thanks!');
    expect(stripQuoted('Ok.\n\nOn Tue, 13 Jan 2026 at 09:00, Support Team\n<s@x> wrote:\n> old')).toBe('Ok.');
    expect(stripQuoted('Baik.\n\nPada tanggal Sel, 13 Jan 2026, Tim <s@x> menulis:\n> lama')).toBe('Baik.');
    expect(stripQuoted('Noted.\n\nFrom: Support <s@x>\nSent: Tuesday\nSubject: x\n\nold')).toBe('Noted.');
    expect(stripQuoted('Hi\n-- \nSari\nPhone')).toBe('Hi');
    expect(stripQuoted('Yes\n\nSent from my iPhone')).toBe('Yes');
    expect(stripQuoted('> a\nanswer a\n> b\nanswer b\n\n> trailing')).toBe('> a\nanswer a\n> b\nanswer b');
    expect(stripQuoted('> only a quote')).toBe('> only a quote');
  });
});

describe('privacy request type from an email', () => {
  it('guesses deletion, correction and access in English and Bahasa Indonesia, access when unclear', () => {
    expect(guessRequestType('Please delete my account')).toBe('deletion');
    expect(guessRequestType('Tolong hapus data saya')).toBe('deletion');
    expect(guessRequestType('My address is wrong, please correct it')).toBe('correction');
    expect(guessRequestType('Mohon perbaiki nama saya')).toBe('correction');
    expect(guessRequestType('I want a copy of my data')).toBe('access');
    expect(guessRequestType('Minta salinan data saya')).toBe('access');
    expect(guessRequestType('Hello, question about privacy')).toBe('access');
  });
});
