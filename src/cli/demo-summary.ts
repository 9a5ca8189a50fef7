/** What `segmenta demo` prints: the clinic in a few lines, in the workspace's language. */
import type { Demo } from '../demo/create-demo.js';
import type { Locale } from '../workspace/types.js';

export interface DemoSummary {
  readonly lines: string[];
  /** The run made by the demo, when runs exist. */
  readonly run: number | null;
  readonly next: (dir: string) => string;
}

export async function demoSummary(demo: Demo, locale: Locale): Promise<DemoSummary> {
  const ws = demo.opened.workspace;
  const g = demo.generated;
  const fr = locale === 'fr';
  const lines = [
    fr ? `${ws.name} — démo créée dans ${demo.dir}` : `${ws.name} — demo created in ${demo.dir}`,
    fr
      ? `${g.customers} clients, ${g.pets} animaux, ${g.events} événements importés`
      : `${g.customers} customers, ${g.pets} pets, ${g.events} events imported`,
  ];
  const next = (dir: string) =>
    fr
      ? `Ensuite : npx segmenta customer C000001 -w ${dir}   ·   npx segmenta check -w ${dir}`
      : `Next: npx segmenta customer C000001 -w ${dir}   ·   npx segmenta check -w ${dir}`;
  return { lines, run: null, next };
}
