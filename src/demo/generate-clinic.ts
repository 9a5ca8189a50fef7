import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRandom } from '../math/random.js';
import { buildHistory, formatEpochDay, parseIsoDate } from './calendar.js';
import { CareSimulator } from './care.js';
import { CustomerState, PetState } from './clinic-state.js';
import { CsvSink, ProgressCounter } from './csv-sink.js';
import { EventWriter } from './event-writer.js';
import { writeHouseholds } from './households.js';
import { MonthBuffer } from './month-buffer.js';
import { workspaceYaml } from './workspace-yaml.js';

export interface GenerateClinicOptions {
  /** Folder to write into (created if missing; existing files of the same names are replaced). */
  readonly dir: string;
  /** Number of customers (a positive integer, at most 10,000,000). */
  readonly customers: number;
  /** Seed of the random stream: same customers, seed and until give byte-identical files. */
  readonly seed: number;
  /** Last day of the history, `YYYY-MM-DD`; the history covers the three years that end that day. */
  readonly until: string;
  /** Called after each chunk written (about a megabyte), with the data rows written so far in all files. */
  readonly onProgress?: (rowsWritten: number) => void;
}

export interface GeneratedFile {
  readonly path: string;
  /** Data rows (without the header); 0 for `segmenta.yaml`. */
  readonly rows: number;
  readonly bytes: number;
}

export interface GenerateClinicResult {
  readonly customers: number;
  readonly pets: number;
  readonly events: number;
  /** `segmenta.yaml`, `customers.csv`, `pets.csv`, `events.csv`, in that order. */
  readonly files: readonly GeneratedFile[];
}

const MAX_CUSTOMERS = 10_000_000;

export const CUSTOMERS_HEADER = 'id,first_name,last_name,email,language,birth_date,gender,home_lat,home_lon,postcode,created_at,email_opt_in';
export const PETS_HEADER = 'id,customer_id,name,species,birth_date,conditions';
export const EVENTS_HEADER = 'customer_id,type,time,amount,categories,products,order_id';

function checkOptions(options: GenerateClinicOptions): number {
  const { customers, seed, until } = options;
  if (!Number.isSafeInteger(customers) || customers < 1) {
    throw new RangeError(`customers must be a positive integer, got ${customers}`);
  }
  // Memory grows with the clientele (under 300 MB for a million customers): keep it sane.
  if (customers > MAX_CUSTOMERS) throw new RangeError(`customers must be at most 10,000,000, got ${customers}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const untilDay = parseIsoDate(until);
  if (untilDay === undefined) throw new RangeError(`until must be a date as YYYY-MM-DD, got "${until}"`);
  return untilDay;
}

/**
 * Writes a realistic veterinary clinic near Lausanne into `dir`: `segmenta.yaml` and the
 * customers, pets and events (purchases and visits) of three years, events in time order.
 * Streams to disk with bounded memory (typed arrays per customer and pet, one month of events
 * at a time); the same options always give the same bytes.
 */
export async function generateClinic(options: GenerateClinicOptions): Promise<GenerateClinicResult> {
  const untilDay = checkOptions(options);
  const { dir, customers: size, seed } = options;
  const history = buildHistory(untilDay);
  await mkdir(dir, { recursive: true });

  const yaml = workspaceYaml({ customers: size, seed, from: formatEpochDay(history.firstEpochDay), until: options.until });
  const yamlPath = join(dir, 'segmenta.yaml');
  await writeFile(yamlPath, yaml, 'utf8');

  const idWidth = Math.max(6, String(size).length);
  const root = createRandom(seed);
  const householdRandom = root.fork();
  const careRandom = root.fork();
  const customers = new CustomerState(size);
  const pets = new PetState(Math.ceil(size * 1.8));
  const progress = new ProgressCounter(options.onProgress);
  const customerSink = new CsvSink(join(dir, 'customers.csv'), CUSTOMERS_HEADER, progress);
  const petSink = new CsvSink(join(dir, 'pets.csv'), PETS_HEADER, progress);
  const eventSink = new CsvSink(join(dir, 'events.csv'), EVENTS_HEADER, progress);
  const sinks = [customerSink, petSink, eventSink];
  try {
    const households = { history, customers, pets, rng: householdRandom, customerIdWidth: idWidth, petIdWidth: idWidth + 1 };
    await writeHouseholds(households, customerSink, petSink);
    await customerSink.close();
    await petSink.close();

    const care = new CareSimulator(history, customers, pets, careRandom);
    const writer = new EventWriter(history, idWidth, idWidth + 2, eventSink);
    const buffer = new MonthBuffer();
    for (const month of history.months) {
      buffer.clear();
      care.simulateMonth(month.first, month.last, buffer);
      await writer.writeMonth(buffer, month.first, month.last);
    }
    await eventSink.close();
  } catch (error) {
    for (const sink of sinks) sink.abort();
    throw error;
  }

  return {
    customers: size,
    pets: pets.length,
    events: eventSink.rows,
    files: [
      { path: yamlPath, rows: 0, bytes: Buffer.byteLength(yaml, 'utf8') },
      ...sinks.map((sink) => ({ path: sink.path, rows: sink.rows, bytes: sink.written })),
    ],
  };
}
