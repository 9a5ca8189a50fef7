import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** Counts rows across all files and reports them to the caller's `onProgress`. */
export class ProgressCounter {
  rows = 0;
  constructor(private readonly report: ((rowsWritten: number) => void) | undefined) {}

  add(rows: number): void {
    this.rows += rows;
    this.report?.(this.rows);
  }
}

const CHUNK_CHARS = 1 << 20;

/**
 * A CSV file written in chunks of about a megabyte: rows are appended to a string, and the
 * caller awaits `flush()` only when `add` says the chunk is full, so a file of billions of
 * characters is written with bounded memory and without one `await` per row. Backpressure:
 * `flush` waits for the stream to drain whenever the operating system falls behind.
 */
export class CsvSink {
  private readonly stream: WriteStream;
  private chunk = '';
  private chunkRows = 0;
  private failure: Error | undefined;
  rows = 0;
  bytes = 0;

  constructor(
    readonly path: string,
    header: string,
    private readonly progress: ProgressCounter,
  ) {
    this.stream = createWriteStream(path, { highWaterMark: 4 * CHUNK_CHARS });
    // Keep the error for the next flush: an unheard 'error' event would crash the process.
    this.stream.on('error', (error) => {
      this.failure = error;
    });
    this.chunk = `${header}\r\n`;
  }

  /**
   * Appends `rows` rows (one by default), each ending with CRLF as in RFC 4180 and the reference
   * clinic's files; true when the chunk is full and `flush()` is due.
   */
  add(text: string, rows = 1): boolean {
    this.chunk += text;
    this.chunkRows += rows;
    return this.chunk.length >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.chunk === '') return;
    const buffer = Buffer.from(this.chunk, 'utf8');
    const rows = this.chunkRows;
    this.chunk = '';
    this.chunkRows = 0;
    this.bytes += buffer.length;
    this.rows += rows;
    const ok = this.stream.write(buffer);
    if (rows > 0) this.progress.add(rows);
    if (!ok) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  /** Closes the file without waiting for pending data (after an error elsewhere). */
  abort(): void {
    this.stream.destroy();
  }
}
