import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';

/** A UTF-8 copy of a file, removed once read. */
export interface Transcoded {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Windows-1252 (what spreadsheets on Windows save as "ANSI" or "Latin-1", with €, œ and typographic
 * quotes) is not among the encodings DuckDB's reader decodes without its `encodings` extension,
 * which it would download: the file is transcoded to UTF-8 in a temporary folder, streamed by
 * iconv-lite, and read from there. Line breaks are the same bytes in both, so lines keep their
 * numbers.
 */
export async function transcodedToUtf8(file: string, encoding: 'windows-1252'): Promise<Transcoded> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'segmenta-utf8-'));
  const copy = path.join(dir, `${path.basename(file)}.utf8`);
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(createReadStream(file), iconv.decodeStream(encoding), createWriteStream(copy));
  } catch (error) {
    await remove();
    throw error;
  }
  return { path: copy, remove };
}
