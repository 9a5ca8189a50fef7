/** Segments in an order where every `in segment` reference is computed before the segments that use it. */
import type { TypedExpr } from '../rules/index.js';

function references(e: TypedExpr, out: Set<string>): void {
  if (e.kind === 'in_segment') out.add(e.segment);
  for (const value of Object.values(e)) {
    if (value && typeof value === 'object' && 'kind' in value && 'type' in value) references(value as TypedExpr, out);
  }
}

export function dependencyOrder(rules: ReadonlyMap<string, TypedExpr>): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (id: string, path: Set<string>) => {
    if (done.has(id) || path.has(id) || !rules.has(id)) return;
    path.add(id);
    const refs = new Set<string>();
    references(rules.get(id)!, refs);
    for (const ref of refs) visit(ref, path);
    path.delete(id);
    done.add(id);
    order.push(id);
  };
  for (const id of rules.keys()) visit(id, new Set());
  return order;
}
