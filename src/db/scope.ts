/**
 * The region filter every scoped query carries. `scope` null is the whole country; otherwise the
 * column must equal the scope or lie under it (codes are dotted, collation "C", so the prefix LIKE
 * uses the btree index). Parameter numbering starts at `firstParam`.
 */
export function scopeCondition(column: string, scope: string | null, firstParam: number): { sql: string; params: string[] } {
  if (scope === null) return { sql: 'TRUE', params: [] };
  return {
    sql: `(${column} = $${firstParam} OR ${column} LIKE $${firstParam + 1})`,
    params: [scope, `${scope}.%`],
  };
}
