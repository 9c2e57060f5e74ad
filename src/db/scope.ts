/**
 * The region filter every scoped query carries. `scope` null is the whole country; otherwise the
 * column must equal the scope or lie under it (codes are dotted, collation "C", so the prefix LIKE
 * uses the btree index). Parameter numbering starts at `firstParam`.
 */
/**
 * Rows visible to a scope that also sees what covers it: the column lies inside the scope, or is an
 * ancestor of it (a village operator sees the regency's program that pays for its villagers).
 */
export function visibleRegionCondition(column: string, scope: string | null, firstParam: number): { sql: string; params: string[] } {
  if (scope === null) return { sql: 'TRUE', params: [] };
  const inside = scopeCondition(column, scope, firstParam);
  return { sql: `(${inside.sql} OR $${firstParam} LIKE ${column} || '.%')`, params: inside.params };
}

export function scopeCondition(column: string, scope: string | null, firstParam: number): { sql: string; params: string[] } {
  if (scope === null) return { sql: 'TRUE', params: [] };
  return {
    sql: `(${column} = $${firstParam} OR ${column} LIKE $${firstParam + 1})`,
    params: [scope, `${scope}.%`],
  };
}
