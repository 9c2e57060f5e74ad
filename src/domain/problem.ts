/**
 * A problem with one field of one input, told in Indonesian and English. Every validation in Jaring
 * speaks this shape so the API, the CLI and the import error report all say the same thing.
 */
export interface Problem {
  field: string;
  code: string;
  id: string;
  en: string;
}

export function problem(field: string, code: string, id: string, en: string): Problem {
  return { field, code, id, en };
}
