/**
 * The tables of a store are the workspace's own (`userTables`), `meta`, and those the migrations
 * create (`MIGRATION_TABLES`): the list a demo empties when it fills a store again, so a migration
 * that adds a table without naming it there fails here.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { MIGRATION_TABLES } from '../../src/store/migrations.js';
import { META_TABLE, userTables } from '../../src/store/tables.js';
import { STORES } from '../support/stores.js';
import { clinicCopy, open } from '../support/workspace.js';
import type { OpenWorkspace } from '../../src/open.js';

const opened: OpenWorkspace[] = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

describe.each(STORES)('a fresh store (%s)', (store) => {
  test('holds the workspace tables, meta and the migrations tables, nothing else', async () => {
    const ws = await open(await clinicCopy(), store);
    opened.push(ws);
    const rows = await ws.store.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    const expected = [...userTables(ws.workspace).map((t) => t.name), META_TABLE, ...MIGRATION_TABLES];
    expect(rows.map((r) => r.name).sort()).toEqual(expected.sort());
  });
});
