/**
 * Which collation's character rules PostgreSQL lowers text by, for case-insensitive rules
 * (`contains`, `starts with`, `ends with`) and the classes of regular expressions.
 *
 * The database's own ("default") when it lowers every letter, as DuckDB does. A database made
 * with LC_CTYPE "C" (`initdb --locale=C`, chosen for speed) lowers ASCII only: there "ZOÉ" would
 * not contain "zoé". Then a UTF-8 collation the server has is used instead: libc's first, whose
 * lowering maps one character to one, as DuckDB's does (ICU's maps "İ" to two); the database's
 * own when it has none (docs/scaling.md says so).
 */
import type pg from 'pg';

const UPPER = 'ÀÉÎÕÜÇŒΣ';
const LOWER = 'àéîõüçœσ';
const CANDIDATES = ['C.utf8', 'C.UTF-8', 'en_US.utf8', 'en_US.UTF-8', 'und-x-icu'];

export async function characterRules(pool: pg.Pool): Promise<string> {
  const lowersAll = async (collation: string): Promise<boolean> => {
    try {
      const quoted = `"${collation.replaceAll('"', '""')}"`;
      const { rows } = await pool.query<{ ok: boolean }>(`SELECT lower(CAST($1 AS TEXT) COLLATE ${quoted}) = $2 AS ok`, [UPPER, LOWER]);
      return rows[0]?.ok === true;
    } catch {
      // A database whose encoding cannot hold these letters: nothing better to choose.
      return false;
    }
  };
  if (await lowersAll('default')) return 'default';
  const { rows } = await pool.query<{ name: string }>(
    `SELECT collname AS name FROM pg_collation
      WHERE collname = ANY($1) AND collencoding IN (-1, pg_char_to_encoding(getdatabaseencoding()))`,
    [CANDIDATES],
  );
  const present = new Set(rows.map((r) => r.name));
  for (const candidate of CANDIDATES) {
    if (present.has(candidate) && (await lowersAll(candidate))) return candidate;
  }
  return 'default';
}
