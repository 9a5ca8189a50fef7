/** List cells: elements trimmed wherever the spaces are, so one item never gets two labels. */
import { describe, expect, test } from 'vitest';
import { STORES } from '../support/stores.js';
import { load, open, workspaceWith } from '../support/workspace.js';

describe.each(STORES)('on %s', (store) => {
  test('spaces around any element of a list, first and last included, are trimmed', async () => {
    const yaml = `name: Lists
timezone: UTC
customers:
  key: id
  fields:
    tags: list<string>
`;
    const dir = await workspaceWith(
      yaml,
      {
        'customers.csv': 'id,tags\nc1,"a|b"\nc2,"a |b"\nc3,"a| b"\nc4," a|b"\nc5,"a|b "\nc6,"b "\n',
      },
      store,
    );
    const ws = await open(dir, store);
    try {
      await load(ws, 'customers', 'customers.csv', { strict: true });
      const rows = await ws.store.query<{ _customer: string; tags: string[] }>(`SELECT _customer, tags FROM customers ORDER BY _customer`);
      expect(rows.map((r) => [r._customer, r.tags])).toEqual([
        ['c1', ['a', 'b']],
        ['c2', ['a', 'b']],
        ['c3', ['a', 'b']],
        ['c4', ['a', 'b']],
        ['c5', ['a', 'b']],
        ['c6', ['b']],
      ]);
    } finally {
      await ws.close();
    }
  });
});
