import { keyColumn, type KeyColumns } from './key-columns';
import { jsonPath } from './names';
import type { Statements } from './statements';

type Bound = { readonly id: string; readonly doc: string };

/** A key value computed by SQLite from the new document, as the column must hold it. */
const extracted = (field: string): string => `json_extract(@doc,'${jsonPath(field)}')`;

/**
 * Writes one document and keeps its key columns equal to json_extract(doc) (tables.ts).
 *
 * SQLite rewrites an index whenever a column it covers is in the UPDATE's SET list, whatever
 * the values. So an update first asks which key values differ from the stored ones and SETs
 * `doc` and those columns only: a document rewritten for a field no index covers leaves every
 * index alone. One prepared UPDATE per set of changed columns (few in practice), cached by
 * its text in Statements.
 *
 * Every key column the table has is kept, not only those the running code declares: readers
 * use whatever columns they find. `IS` compares an integer and a real of equal value as
 * equal; documents are JSON.stringify's output, which writes one number one way, so a
 * stored value never changes from one to the other.
 */
/** The SQL of one table's writes for one set of key columns, built once. */
type WriteSql = {
  readonly fields: readonly string[];
  readonly insert: string;
  readonly insertIfNew: string;
  readonly compare: string;
  /** UPDATE texts by which columns changed (the comparison's row of 1s and 0s, joined). */
  readonly updates: Map<string, string>;
};

export class DocWrites {
  /** Keyed by the table's KeyColumns object, which Tables keeps until the schema changes. */
  private readonly sql = new WeakMap<KeyColumns, Map<string, WriteSql>>();

  constructor(private readonly statements: Statements) {}

  /** `likelyNew`: the batch found no such document; an insert is then tried first. */
  upsert(table: string, keys: KeyColumns, id: string, json: string, likelyNew: boolean): void {
    const bound: Bound = { id, doc: json };
    if (keys.size === 0) {
      this.statements.get(`INSERT INTO ${table} (id, doc) VALUES (@id, @doc) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc`).run(bound);
      return;
    }
    const sql = this.sqlFor(table, keys);
    if (likelyNew && this.statements.get(sql.insertIfNew).run(bound).changes === 1) return;
    const same = this.statements.get<number[]>(sql.compare).raw(true).get(bound);
    if (same === undefined) {
      this.statements.get(sql.insert).run(bound);
      return;
    }
    const pattern = same.join('');
    let update = sql.updates.get(pattern);
    if (update === undefined) {
      const changed = sql.fields.filter((_, i) => same[i] === 0);
      update = `UPDATE ${table} SET ${['doc = @doc', ...changed.map((field) => `${keyColumn(field)} = ${extracted(field)}`)].join(', ')} WHERE id = @id`;
      sql.updates.set(pattern, update);
    }
    this.statements.get(update).run(bound);
  }

  delete(table: string, id: string): void {
    this.statements.get(`DELETE FROM ${table} WHERE id = ?`).run(id);
  }

  private sqlFor(table: string, keys: KeyColumns): WriteSql {
    let byTable = this.sql.get(keys);
    if (byTable === undefined) this.sql.set(keys, (byTable = new Map()));
    let sql = byTable.get(table);
    if (sql === undefined) {
      const fields = [...keys];
      const insert = `INSERT INTO ${table} (id, doc, ${fields.map(keyColumn).join(', ')}) VALUES (@id, @doc, ${fields.map(extracted).join(', ')})`;
      sql = {
        fields,
        insert,
        insertIfNew: `${insert} ON CONFLICT(id) DO NOTHING`,
        compare: `SELECT ${fields.map((field) => `${keyColumn(field)} IS ${extracted(field)}`).join(', ')} FROM ${table} WHERE id = @id`,
        updates: new Map(),
      };
      byTable.set(table, sql);
    }
    return sql;
  }
}
