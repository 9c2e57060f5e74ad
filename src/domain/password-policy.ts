import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { problem, type Problem } from './problem.js';

/**
 * Passwords of staff accounts: at least 12 characters and a score of 3 of 4 from zxcvbn-ts (a
 * maintained strength estimator with common-password dictionaries and keyboard patterns), so
 * "1234567890" or ten spaces are refused whatever their length. The user's own name and username
 * count as guessable words.
 */
export const MIN_PASSWORD_LENGTH = 12;
const MIN_SCORE = 3;

zxcvbnOptions.setOptions({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

export function passwordProblems(password: string, userWords: string[] = []): Problem[] {
  if (password.trim().length < MIN_PASSWORD_LENGTH)
    return [
      problem(
        'password',
        'password_short',
        `Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter (tanpa menghitung spasi di awal/akhir)`,
        `Password must be at least ${MIN_PASSWORD_LENGTH} characters (not counting leading/trailing spaces)`,
      ),
    ];
  const r = zxcvbn(password.slice(0, 200), userWords);
  if (r.score < MIN_SCORE)
    return [
      problem(
        'password',
        'password_weak',
        'Kata sandi terlalu mudah ditebak; gunakan beberapa kata acak atau campuran yang tidak umum',
        'Password too easy to guess; use several random words or an uncommon mix',
      ),
    ];
  return [];
}
