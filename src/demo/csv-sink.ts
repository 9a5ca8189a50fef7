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

const CHUNK_BYTES = 1 << 20;

/**
 * A CSV file written in chunks of about a megabyte. Rows go straight into the bytes of the
 * current chunk (as text with `add`, or byte by byte through `bytes`/`position` for the hot
 * event rows), and the caller awaits `flush()` only when a chunk is full, so that a file of
 * gigabytes is written with bounded memory and without one `await` per row. Backpressure:
 * `flush` waits for the stream to drain whenever the disk falls behind. Lines end with CRLF,
 * as RFC 4180 and the reference clinic's files have them.
 */
export class CsvSink {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private chunkRows = 0;
  /** The chunk being filled, and the next free byte in it. */
  bytes: Buffer;
  position = 0;
  rows = 0;
  written = 0;

  constructor(
    readonly path: string,
    header: string,
    private readonly progress: ProgressCounter,
  ) {
    this.stream = createWriteStream(path, { highWaterMark: 4 * CHUNK_BYTES });
    // Keep the error for the next flush: an unheard 'error' event would crash the process.
    this.stream.on('error', (error) => {
      this.failure = error;
    });
    this.bytes = Buffer.allocUnsafe(CHUNK_BYTES);
    this.position = this.bytes.write(`${header}\r\n`, 0, 'utf8');
  }

  /** Room left in the chunk, in bytes. */
  room(): number {
    return this.bytes.length - this.position;
  }

  /** Counts `rows` rows written through `bytes`/`position`; true when `flush()` is due. */
  commit(rows: number): boolean {
    this.chunkRows += rows;
    return this.position >= CHUNK_BYTES - 4096;
  }

  /** Appends `rows` rows (one by default) of text ending with CRLF; true when `flush()` is due. */
  add(text: string, rows = 1): boolean {
    const needed = Buffer.byteLength(text, 'utf8');
    if (needed > this.room()) this.enlarge(needed);
    this.position += this.bytes.write(text, this.position, 'utf8');
    return this.commit(rows);
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.position === 0) return;
    const chunk = this.bytes.subarray(0, this.position);
    const rows = this.chunkRows;
    this.written += chunk.length;
    this.rows += rows;
    // The stream keeps the chunk until it is on disk: fill a fresh one meanwhile.
    this.bytes = Buffer.allocUnsafe(CHUNK_BYTES);
    this.position = 0;
    this.chunkRows = 0;
    const ok = this.stream.write(chunk);
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

  /** Makes room for an unusually long text (a shelter's hundreds of pets). */
  private enlarge(needed: number): void {
    const larger = Buffer.allocUnsafe(this.position + needed + CHUNK_BYTES);
    this.bytes.copy(larger, 0, 0, this.position);
    this.bytes = larger;
  }
}
