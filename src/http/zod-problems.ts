import type { Problem } from '../domain/problem.js';

interface IssueLike {
  code?: string;
  path?: readonly PropertyKey[];
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  values?: readonly unknown[];
  format?: string;
  keys?: readonly string[];
  params?: { id?: string; en?: string };
}

/** A request-shape problem from the schema layer, told in both languages. */
export function problemFromIssue(issue: IssueLike, fallbackField: string): Problem {
  const field = issue.path && issue.path.length > 0 ? issue.path.map(String).join('.') : fallbackField;
  const p = (id: string, en: string): Problem => ({ field, code: issue.code ?? 'invalid', id, en });
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'undefined' || issue.expected === 'never'
        ? p('tidak dikenal', 'not allowed')
        : p(`wajib diisi dengan tipe ${issue.expected}`, `required, of type ${issue.expected}`);
    case 'too_small':
      return p(`minimal ${String(issue.minimum)}`, `must be at least ${String(issue.minimum)}`);
    case 'too_big':
      return p(`maksimal ${String(issue.maximum)}`, `must be at most ${String(issue.maximum)}`);
    case 'invalid_value':
      return p(`harus salah satu dari ${(issue.values ?? []).join(', ')}`, `must be one of ${(issue.values ?? []).join(', ')}`);
    case 'invalid_format':
      return p(`format tidak sesuai (${issue.format ?? ''})`, `wrong format (${issue.format ?? ''})`);
    case 'unrecognized_keys':
      return p(`kolom tidak dikenal: ${(issue.keys ?? []).join(', ')}`, `unknown fields: ${(issue.keys ?? []).join(', ')}`);
    case 'custom':
      return issue.params?.id && issue.params.en ? p(issue.params.id, issue.params.en) : p('tidak valid', 'invalid');
    default:
      return p('tidak valid', 'invalid');
  }
}
