import type { z } from 'zod';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * A response schema that describes exactly what a service returns: the compiler checks the schema's
 * output and the view type `T` against each other both ways, so a field added to a view without its
 * schema (which would be dropped on the way out) or a schema field the service never sets is an error.
 */
export function viewOf<T>() {
  return <S extends z.ZodType>(schema: Same<z.output<S>, T> extends true ? S : { schemaDoesNotMatchView: [z.output<S>, T] }): S => schema as S;
}
