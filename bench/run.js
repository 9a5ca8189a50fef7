// npm run bench [-- import] [--sizes 100000,1000000]
// Prints numbers and ratios; asserts nothing (timings are not tests).
import os from 'node:os';
import { benchImport } from './import.js';
import { benchRules } from './rules.js';
import { benchRuns } from './runs.js';
import { benchPostgres } from './postgres.js';
import { benchModels } from './models.js';

const args = process.argv.slice(2);
const sizesArg = args.indexOf('--sizes');
const sizes = sizesArg >= 0 ? args[sizesArg + 1].split(',').map(Number) : [100_000, 1_000_000];
const only = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--sizes');
// --replay adds the 36-month replay to the runs suite (long on 1M customers); --no-basket and --no-clusters
// leave those fits out of the models suite.
const suites = { import: () => benchImport(sizes), rules: () => benchRules(sizes), runs: () => benchRuns(sizes), models: () => benchModels(sizes), postgres: () => benchPostgres(sizes) };

console.log(`Segmenta benchmarks — ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(await suite());
  console.log();
}
