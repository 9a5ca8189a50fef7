import { SECONDS_PER_DAY, type History } from './calendar.js';
import { purchaseColumns } from './catalog.js';
import type { CsvSink } from './csv-sink.js';
import type { MonthBuffer } from './month-buffer.js';

const ZERO = 48;
const COMMA = 44;
const VISIT = Buffer.from(',visit,', 'latin1');
const PURCHASE = Buffer.from(',purchase,', 'latin1');
const VISIT_TAIL = Buffer.from(',,,,\r\n', 'latin1');
/** Longest fixed part of a row: id, type, time, amount, order id and separators. */
const ROW_BYTES = 96;

/**
 * Writes a month of events to `events.csv` in time order, byte by byte into the sink's chunk:
 * tens of millions of rows would otherwise mean as many strings for the garbage collector.
 * Everything in an event row is ASCII. Order numbers are given here, in the order purchases are
 * written, so they grow with time as a till's receipts do.
 */
export class EventWriter {
  private readonly dates: Uint8Array;
  private readonly columns = new Map<number, Buffer>();
  private nextOrder = 1;

  constructor(
    history: History,
    private readonly idWidth: number,
    private readonly orderIdWidth: number,
    private readonly sink: CsvSink,
  ) {
    this.dates = Buffer.from(history.dateText.join(''), 'latin1');
  }

  /** Writes the events of the days [firstDay, lastDay] held in `buffer`. */
  async writeMonth(buffer: MonthBuffer, firstDay: number, lastDay: number): Promise<void> {
    buffer.separateCollisions(firstDay * SECONDS_PER_DAY, (lastDay - firstDay + 1) * SECONDS_PER_DAY);
    const order = buffer.sortedOrder(firstDay * SECONDS_PER_DAY, (lastDay - firstDay + 1) * SECONDS_PER_DAY);
    const { sink, dates, idWidth } = this;
    const seconds = buffer.second;
    const customers = buffer.customer;
    const products = buffer.products;
    const cents = buffer.cents;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const mask = products[i]!;
      const columns = mask === 0 ? VISIT_TAIL : this.purchaseColumns(mask);
      if (sink.room() < ROW_BYTES + columns.length) await sink.flush();
      const out = sink.bytes;
      let at = sink.position;
      out[at++] = 67; // C
      at = writeDigits(out, at, customers[i]! + 1, idWidth);
      const tag = mask === 0 ? VISIT : PURCHASE;
      for (let b = 0; b < tag.length; b++) out[at++] = tag[b]!;
      const second = seconds[i]!;
      const day = Math.floor(second / SECONDS_PER_DAY);
      for (let b = day * 10, end = b + 10; b < end; b++) out[at++] = dates[b]!;
      at = writeClock(out, at, second - day * SECONDS_PER_DAY);
      if (mask !== 0) {
        out[at++] = COMMA;
        const amount = cents[i]!;
        const francs = Math.floor(amount / 100);
        at = writeDigits(out, at, francs, 1);
        out[at++] = 46; // .
        at = writeDigits(out, at, amount - francs * 100, 2);
        out[at++] = COMMA;
      }
      for (let b = 0; b < columns.length; b++) out[at++] = columns[b]!;
      if (mask !== 0) {
        out[at++] = 79; // O
        at = writeDigits(out, at, this.nextOrder++, this.orderIdWidth);
        out[at++] = 13;
        out[at++] = 10;
      }
      sink.position = at;
      if (sink.commit(1)) await sink.flush();
    }
  }

  /** `categories,products,` of a mask, as bytes (cached: a clinic sells a few thousand baskets). */
  private purchaseColumns(mask: number): Buffer {
    let bytes = this.columns.get(mask);
    if (bytes === undefined) {
      bytes = Buffer.from(`${purchaseColumns(mask)},`, 'latin1');
      this.columns.set(mask, bytes);
    }
    return bytes;
  }
}

/** Writes `value` in decimal, zero-padded to at least `width` digits; returns the next position. */
function writeDigits(out: Uint8Array, at: number, value: number, width: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  const length = digits > width ? digits : width;
  let v = value;
  for (let p = at + length - 1; p >= at; p--) {
    out[p] = ZERO + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + length;
}

/** Writes `THH:MM:SS` for a second of the day. */
function writeClock(out: Uint8Array, at: number, second: number): number {
  const hours = Math.floor(second / 3600);
  const minutes = Math.floor(second / 60) % 60;
  const secs = second % 60;
  out[at] = 84; // T
  out[at + 1] = ZERO + Math.floor(hours / 10);
  out[at + 2] = ZERO + (hours % 10);
  out[at + 3] = 58; // :
  out[at + 4] = ZERO + Math.floor(minutes / 10);
  out[at + 5] = ZERO + (minutes % 10);
  out[at + 6] = 58;
  out[at + 7] = ZERO + Math.floor(secs / 10);
  out[at + 8] = ZERO + (secs % 10);
  return at + 9;
}
