import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { findLineEndingChange } from '../../src/ingest/line-endings.js';

async function fileOf(text: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'segmenta-endings-')), 'f.csv');
  await writeFile(file, text);
  return file;
}

// The file is read in chunks of 64 KiB: a CR as a chunk's last byte is decided by the next chunk.
const CHUNK = 64 * 1024;
const padded = (ending: string) => `${'a'.repeat(CHUNK - 1)}${ending}b\r\n`;

test('one kind of line ending throughout, including across a chunk boundary and inside quotes', async () => {
  expect(await findLineEndingChange(await fileOf('a,b\r\n1,"x\ny"\r\n2,"z\rw"\r\n'))).toBeNull();
  expect(await findLineEndingChange(await fileOf('a,b\n1,2\n3,4'))).toBeNull();
  expect(await findLineEndingChange(await fileOf('a,b\r1,2\r'))).toBeNull();
  expect(await findLineEndingChange(await fileOf(padded('\r\n')))).toBeNull();
  expect(await findLineEndingChange(await fileOf(''))).toBeNull();
});

test('the first line that ends otherwise, numbered as records are (quoted line breaks are text)', async () => {
  expect(await findLineEndingChange(await fileOf('a,b\r\n1,"x\ny"\r\n2,3\n'))).toEqual({ first: 'CRLF', line: 3, ending: 'LF' });
  expect(await findLineEndingChange(await fileOf('a,b\n1,2\r\n3,4\n'))).toEqual({ first: 'LF', line: 2, ending: 'CRLF' });
  expect(await findLineEndingChange(await fileOf('a,b\n1,2\n3,4\r'))).toEqual({ first: 'LF', line: 3, ending: 'CR' });
  expect(await findLineEndingChange(await fileOf(padded('\r')))).toEqual({ first: 'CR', line: 2, ending: 'CRLF' });
});
