/** What `segmenta demo` prints: the clinic in a few lines, in the workspace's language. */
import type { Demo } from '../demo/create-demo.js';
import type { Locale } from '../workspace/types.js';
import { transitions } from '../runs/transitions.js';
import { segmentLabel } from '../segmentations/order.js';

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
  const last = demo.runs[demo.runs.length - 1];
  const lines = [
    fr ? `${ws.name} — démo créée dans ${demo.dir}` : `${ws.name} — demo created in ${demo.dir}`,
    fr
      ? `${g.customers} clients, ${g.pets} animaux, ${g.events} événements importés ; ${demo.runs.length} passages mensuels rejoués`
      : `${g.customers} customers, ${g.pets} pets, ${g.events} events imported; ${demo.runs.length} monthly runs replayed`,
  ];
  const rf6 = ws.segmentations.find((s) => s.id === 'rf6');
  if (last && rf6) {
    lines.push('', fr ? `Récence × fréquence au ${last.at} :` : `Recency × frequency at ${last.at}:`);
    for (const [segment, n] of Object.entries(last.segmentations['rf6'] ?? {})) lines.push(`  ${segmentLabel(rf6, segment, locale).padEnd(24)} ${String(n).padStart(7)}`);
    if (demo.runs.length >= 2) {
      const moves = await transitions(demo.opened.store, ws, 'rf6');
      lines.push('', fr ? 'Mouvements du dernier mois :' : 'Moves of the last month:');
      for (const [from, row] of Object.entries(moves.kind === 'segmentation' ? moves.matrix : {})) {
        for (const [to, n] of Object.entries(row)) {
          if (from !== to) lines.push(`  ${segmentLabel(rf6, from, locale).padEnd(24)} → ${segmentLabel(rf6, to, locale).padEnd(24)} ${String(n).padStart(6)}`);
        }
      }
      if (moves.kind === 'segmentation') {
        lines.push(
          fr
            ? `  montés ${moves.up}, descendus ${moves.down}, restés ${moves.stayed}, nouveaux ${moves.new}`
            : `  up ${moves.up}, down ${moves.down}, stayed ${moves.stayed}, new ${moves.new}`,
        );
      }
    }
  }
  const next = (dir: string) =>
    fr
      ? `Ensuite : npx segmenta segments -w ${dir}   ·   npx segmenta transitions rfm -w ${dir}   ·   npx segmenta customer C000001 -w ${dir}`
      : `Next: npx segmenta segments -w ${dir}   ·   npx segmenta transitions rfm -w ${dir}   ·   npx segmenta customer C000001 -w ${dir}`;
  return { lines, run: last?.run ?? null, next };
}
