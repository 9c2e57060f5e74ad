import { AppError } from '../../src/errors.js';

/** The AppError a promise rejects with (any other rejection, or none, fails the test). */
export async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}
