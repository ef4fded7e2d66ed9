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
 * the values. So an update SETs `doc` and only the key columns whose values differ from the
 * stored ones: a document rewritten for a field no index covers leaves every index alone. Which
 * differ is known from the batch when it read the document and nothing wrote it since (the
 * store decides, batch-writer.ts); else SQLite is asked first. One prepared UPDATE per set of
 * changed columns (few in practice), cached by its text in Statements.
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
  /** UPDATE texts by which columns changed (1 for changed, 0 for not, per field, joined). */
  readonly updates: Map<string, string>;
};

export class DocWrites {
  /** Keyed by the table's KeyColumns object, which Tables keeps until the schema changes. */
  private readonly sql = new WeakMap<KeyColumns, Map<string, WriteSql>>();

  constructor(private readonly statements: Statements) {}

  /**
   * `likelyNew`: the batch found no such document; an insert is then tried first. `changed`:
   * per key field of `keys`, whether its value differs from the stored document's, when known.
   */
  upsert(table: string, keys: KeyColumns, id: string, json: string, likelyNew: boolean, changed: readonly boolean[] | null = null): void {
    const bound: Bound = { id, doc: json };
    if (keys.size === 0) {
      this.statements.get(`INSERT INTO ${table} (id, doc) VALUES (@id, @doc) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc`).run(bound);
      return;
    }
    const sql = this.sqlFor(table, keys);
    if (changed !== null) {
      // Nothing else wrote the document since it was read, so it is there; if not after all
      // (a reset by another path), it is written whole.
      if (this.statements.get(this.updateSql(table, sql, changed)).run(bound).changes === 0) this.statements.get(sql.insert).run(bound);
      return;
    }
    if (likelyNew && this.statements.get(sql.insertIfNew).run(bound).changes === 1) return;
    const same = this.statements.get<number[]>(sql.compare).raw(true).get(bound);
    if (same === undefined) {
      this.statements.get(sql.insert).run(bound);
      return;
    }
    this.statements.get(this.updateSql(table, sql, same.map((s) => s === 0))).run(bound);
  }

  delete(table: string, id: string): void {
    this.statements.get(`DELETE FROM ${table} WHERE id = ?`).run(id);
  }

  /** The UPDATE that SETs `doc` and the key columns marked changed (in the order of `sql.fields`). */
  private updateSql(table: string, sql: WriteSql, changed: readonly boolean[]): string {
    const pattern = changed.map((c) => (c ? '1' : '0')).join('');
    let update = sql.updates.get(pattern);
    if (update === undefined) {
      const fields = sql.fields.filter((_, i) => changed[i]);
      update = `UPDATE ${table} SET ${['doc = @doc', ...fields.map((field) => `${keyColumn(field)} = ${extracted(field)}`)].join(', ')} WHERE id = @id`;
      sql.updates.set(pattern, update);
    }
    return update;
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
