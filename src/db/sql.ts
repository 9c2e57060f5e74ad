import type { Queryable } from './db.js';

/**
 * A piece of SQL with its parameters kept apart. Written as a tagged template, each `${value}`
 * becomes a numbered parameter; a nested fragment (another `sql\`…\``, `raw`, `join`, an access
 * predicate) is spliced in with its own parameters renumbered. Nothing is ever pasted as text
 * except `raw`, which takes only identifiers and SQL written in the code.
 */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** `$1…$n` text and the flat parameter list, numbered from `first`. */
  compile(first = 1): { text: string; values: unknown[] } {
    const out: unknown[] = [];
    const text = this.emit(out, first);
    return { text, values: out };
  }

  /** Pasting a fragment into a plain string would lose its parameters: refused loudly. */
  toString(): string {
    throw new Error('An sql fragment was pasted into a plain string: splice it with sql`…${fragment}…` instead');
  }

  private emit(out: unknown[], first: number): string {
    let text = this.strings[0]!;
    this.values.forEach((v, i) => {
      if (v instanceof Sql) text += v.emit(out, first);
      else {
        out.push(v);
        text += `$${first + out.length - 1}`;
      }
      text += this.strings[i + 1]!;
    });
    return text;
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql([...strings], values);
}

/** SQL text written in the code (identifiers, a column list, a direction) — never a user's value. */
export function raw(text: string): Sql {
  return new Sql([text], []);
}

export function join(parts: readonly Sql[], separator = ', '): Sql {
  if (parts.length === 0) return raw('');
  const strings = [''];
  for (let i = 1; i < parts.length; i++) strings.push(separator);
  strings.push('');
  return new Sql(strings, parts);
}

/** A predicate written with its own `$first…` numbering (the access model's form) as a fragment. */
export function fromNumbered(p: { sql: string; params: readonly unknown[] }, first: number): Sql {
  const strings: string[] = [];
  const values: unknown[] = [];
  let last = 0;
  for (const m of p.sql.matchAll(/\$(\d+)/g)) {
    strings.push(p.sql.slice(last, m.index));
    values.push(p.params[Number(m[1]) - first]);
    last = m.index! + m[0].length;
  }
  strings.push(p.sql.slice(last));
  return new Sql(strings, values);
}

/** Runs a fragment; rows typed by the caller (declare them in `db/tables.ts` where they are a table's). */
export function query<T>(db: Queryable, q: Sql): Promise<T[]> {
  const { text, values } = q.compile();
  return db.query<T>(text, values);
}

export async function one<T>(db: Queryable, q: Sql): Promise<T | null> {
  return (await query<T>(db, q))[0] ?? null;
}
