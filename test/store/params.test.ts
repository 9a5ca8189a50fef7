/** Bound values arrive in both stores as the same SQL values. */
import { describe, expect, test } from 'vitest';
import { STORES } from '../support/stores.js';
import { open, workspaceWith } from '../support/workspace.js';

const YAML = `name: Params
timezone: Europe/Zurich
customers: { key: id, fields: {} }
events: { customer: customer_id, type: type, time: time, types: { visit: {} } }
`;

describe.each(STORES)('bound values on %s', (store) => {
  test('numbers beyond 64-bit integers, lists of numbers starting with a whole one, empty lists, instants', async () => {
    const ws = await open(await workspaceWith(YAML, {}, store), store);
    try {
      const d = ws.store.dialect;
      const [row] = await ws.store.query(
        `SELECT ${d.param(1, 'number')} * 2 AS big, ${d.param(2, 'number[]')} AS list, ${d.param(3, 'text[]')} AS empty, ${d.param(4, 'timestamp')} AS at`,
        [1e20, [0, 1.5], [], new Date('2024-02-29T10:30:00Z')],
      );
      expect(row).toEqual({ big: 2e20, list: [0, 1.5], empty: [], at: new Date('2024-02-29T10:30:00Z') });
    } finally {
      await ws.close();
    }
  });
});
