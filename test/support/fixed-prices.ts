/**
 * Fixed prices for tests of ties: an events CSV's purchase amounts rounded to tens (many equal
 * revenues, some 0), about 6 % refunds (negative) and 4 % missing, drawn from `random`. The fixture
 * and the generated clinics have none of these, which value tiers and quintiles must survive.
 */
import type { Random } from '../../src/math/random.js';

/** The CSV text again, its line endings (LF or CRLF) kept. Fields must not be quoted. */
export function withFixedPrices(csv: string, random: Random): string {
  const eol = csv.includes('\r\n') ? '\r\n' : '\n';
  const [header, ...lines] = csv.trimEnd().split(eol);
  const amount = header!.split(',').indexOf('amount');
  const type = header!.split(',').indexOf('type');
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
