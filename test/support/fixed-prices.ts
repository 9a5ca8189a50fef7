/**
 * Fixed prices for tests of ties: an events CSV's purchase amounts rounded to tens (many equal
 * revenues, some 0), about 6 % refunds (negative) and 4 % missing, drawn from `random`. The fixture
 * and the generated clinics have none of these, which value tiers and quintiles must survive.
 */
import type { Random } from '../../src/math/random.js';

/** The CSV text again, its line endings (LF or CRLF) kept; quoted fields, or no `type` or `amount` column, refused. */
export function withFixedPrices(csv: string, random: Random): string {
  const eol = csv.includes('\r\n') ? '\r\n' : '\n';
  const [header, ...lines] = csv.trimEnd().split(eol);
  const columns = header!.split(',');
  const amount = columns.indexOf('amount');
  const type = columns.indexOf('type');
  // Without these guards a file of another shape would come back unchanged, and the ties untested.
  if (amount < 0 || type < 0) throw new Error(`withFixedPrices: the header "${header}" has no "type" or no "amount" column`);
  if (csv.includes('"')) throw new Error('withFixedPrices: quoted fields are not supported (lines are split on commas)');
  const changed = lines.map((line) => {
    const cells = line.split(',');
    if (cells[type] !== 'purchase') return line;
    const r = random.next();
    const rounded = Math.round(Number(cells[amount]) / 10) * 10;
    cells[amount] = r < 0.04 ? '' : String(r < 0.1 ? -rounded : rounded);
    return cells.join(',');
  });
  return `${[header, ...changed].join(eol)}${eol}`;
}
