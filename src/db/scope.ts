/**
 * Rows visible to a scope that also sees what covers it: the column lies inside the scope, or is an
 * ancestor of it (a village operator sees the regency's program that pays for its villagers).
 */
export function visibleRegionCondition(column: string, scope: string | null, firstParam: number): { sql: string; params: string[] } {
  if (scope === null) return { sql: 'TRUE', params: [] };
  const inside = scopeCondition(column, scope, firstParam);
  return { sql: `(${inside.sql} OR $${firstParam} LIKE ${column} || '.%')`, params: inside.params };
}

/**
 * The region filter every scoped query carries. `scope` null is the whole country; otherwise the
 * column must equal the scope or lie under it (codes are dotted, compared in collation "C", so the
 * range uses the btree index). Parameter numbering starts at `firstParam`.
 */
export function scopeCondition(column: string, scope: string | null, firstParam: number): { sql: string; params: string[] } {
  if (scope === null) return { sql: 'TRUE', params: [] };
  // One range instead of "= scope OR LIKE 'scope.%'": '/' follows '.' in "C" order, and codes hold only
  // digits and dots, so [scope, scope + '/') is exactly the scope and everything under it — one index
  // range scan with a sound row estimate (the OR form was planned as two scans and misestimated).
  return {
    sql: `(${column} COLLATE "C" >= $${firstParam} AND ${column} COLLATE "C" < $${firstParam + 1})`,
    params: [scope, `${scope}/`],
  };
}
