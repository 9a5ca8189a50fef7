import { buildTimeTexts, SECONDS_PER_DAY, type History } from './calendar.js';
import { purchaseColumns } from './catalog.js';
import type { CsvSink } from './csv-sink.js';
import type { MonthBuffer } from './month-buffer.js';

const CENTS_TEXT = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

/**
 * Writes a month of events to `events.csv` in time order. Order numbers are given here, in the
 * order purchases are written, so they grow with time as a till's receipts do.
 */
export class EventWriter {
  private readonly timeTexts = buildTimeTexts();
  private nextOrder = 1;
  events = 0;

  constructor(
    private readonly history: History,
    private readonly customerIds: readonly string[],
    private readonly orderIdWidth: number,
    private readonly sink: CsvSink,
  ) {}

  async writeMonth(buffer: MonthBuffer, firstDay: number): Promise<void> {
    const order = buffer.sortedOrder(firstDay * SECONDS_PER_DAY);
    const { history, timeTexts, customerIds, sink } = this;
    const seconds = buffer.second;
    const customers = buffer.customer;
    const products = buffer.products;
    const cents = buffer.cents;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const second = seconds[i]!;
      const day = Math.floor(second / SECONDS_PER_DAY);
      const when = `${history.dateText[day]}T${timeTexts[second - day * SECONDS_PER_DAY]}`;
      const mask = products[i]!;
      let row: string;
      if (mask === 0) {
        row = `${customerIds[customers[i]!]},visit,${when},,,,\r\n`;
      } else {
        const amount = cents[i]!;
        const hundreds = Math.floor(amount / 100);
        const orderId = `O${String(this.nextOrder++).padStart(this.orderIdWidth, '0')}`;
        row = `${customerIds[customers[i]!]},purchase,${when},${hundreds}.${CENTS_TEXT[amount - hundreds * 100]},${purchaseColumns(mask)},${orderId}\r\n`;
      }
      if (sink.add(row)) await sink.flush();
    }
    this.events += order.length;
  }
}
