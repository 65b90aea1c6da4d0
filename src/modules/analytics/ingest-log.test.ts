import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { warnLogger } from './ingest-log.js';

describe('the ingestion route logger', () => {
  it('writes warnings and errors with the request id, and nothing below warn', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const root = pino({ level: 'info' }, sink);
    const log = warnLogger(root, { reqId: 'req-1' }, { level: 'warn' });
    log.info('dropped');
    log.debug('dropped');
    log.warn({ n: 1 }, 'kept %s', 'warning');
    log.error(new Error('boom'), 'kept error');
    log.child({ part: 'x' }).warn('from a child');
    expect(lines.map((l) => [l.msg, l.reqId, l.level])).toEqual([
      ['kept warning', 'req-1', 40],
      ['kept error', 'req-1', 50],
      ['from a child', 'req-1', 40],
    ]);
    expect(lines[0]?.n).toBe(1);
    expect(log.level).toBe('warn');
  });

  it('leaves other levels to pino', () => {
    const root = pino({ level: 'info' });
    expect(warnLogger(root, { reqId: 'r' }, { level: 'info' }).level).toBe('info');
  });
});
