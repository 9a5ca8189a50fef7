/** An identifier quoted for SQL, the same on DuckDB and PostgreSQL (`"a""b"`): one copy for the import code. */
export const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;
