import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countRecords } from './import-count.js';
import { readRecords } from './import-file.js';

/** The fast count must be the number of records readRecords yields, or null when it cannot be sure. */
describe('countRecords', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-count-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const file = (text: string): string => {
    const path = join(dir, `f${n++}.csv`);
    writeFileSync(path, text);
    return path;
  };
  const slow = async (path: string, delimiter: string): Promise<number> => {
    let count = 0;
    for await (const _rec of readRecords(path, delimiter)) count++;
    return count;
  };

  const sure: [string, string, string][] = [
    ['plain, trailing line break', 'a,b\n1,2\n3,4\n', ','],
    ['no trailing line break', 'a,b\n1,2\n3,4', ','],
    ['CRLF', 'a,b\r\n1,2\r\n3,4\r\n', ','],
    ['CR only', 'a,b\r1,2\r3,4\r', ','],
    ['empty lines skipped', 'a,b\n\n1,2\n\n\n3,4\n\n', ','],
    ['empty lines with CRLF', 'a,b\r\n\r\n1,2\r\n\r\n', ','],
    ['blank-looking lines that are records', 'a,b\n \n,\n""\n1,2\n', ','],
    ['line breaks and quotes inside quoted cells', 'a,b\n"x\ny","he said ""hi""\r\nbye"\n"",""\n', ','],
    ['quotes inside unquoted cells are text', 'a,b\n5" screen,x"y"z\n a, "b"\n', ','],
    ['semicolons', 'a;b\n"1;2";3\n4;5\n', ';'],
    ['tabs', 'a\tb\n1\t2\n"3\t4"\t5\n', '\t'],
    ['closing quote at the end of the file', 'a,b\n1,"2"', ','],
    ['header only', 'a,b\n', ','],
  ];
  it.each(sure)('counts %s as readRecords does', async (_name, text, delimiter) => {
    const path = file(text);
    expect(await countRecords(path, delimiter)).toBe(await slow(path, delimiter));
  });

  it('counts a file larger than one read chunk, with quoted line breaks throughout', async () => {
    const rows = ['First Name,Notes'];
    for (let i = 0; i < 40_000; i++) rows.push(i % 7 === 0 ? `N${i},"two\r\nlines, ""quoted"""` : `N${i},plain ${i}`);
    const path = file(`${rows.join('\r\n')}\r\n`);
    expect(await countRecords(path, ',')).toBe(40_001);
    expect(await slow(path, ',')).toBe(40_001);
  });

  const unsure: [string, string][] = [
    ['text after a closing quote', 'a,b\n"1"x,2\n3,4\n'],
    ['a quote never closed', 'a,b\n"1,2\n3,4\n'],
    ['mixed line breaks', 'a,b\r\n1,2\n3,4\r\n'],
  ];
  it.each(unsure)('gives up on %s', async (_name, text) => {
    expect(await countRecords(file(text), ',')).toBeNull();
  });
});
