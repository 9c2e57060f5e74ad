import { fieldLabel } from './domain/field-labels.js';
import type { Problem } from './domain/problem.js';

/** The closed set of error codes Jaring answers with, and the one table from code to HTTP status. */
export const ERROR_STATUS = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

const DEFAULT_MESSAGES: Record<ErrorCode, [string, string]> = {
  validation: ['Data tidak valid', 'Invalid data'],
  unauthenticated: ['Silakan masuk terlebih dahulu', 'Please log in first'],
  forbidden: ['Anda tidak berwenang melakukan ini', 'You are not allowed to do this'],
  csrf: ['Token keamanan (CSRF) tidak ada atau salah; muat ulang halaman', 'Security (CSRF) token missing or wrong; reload the page'],
  not_found: ['Data tidak ditemukan', 'Not found'],
  conflict: ['Data bertentangan dengan data yang sudah ada', 'Conflicts with existing data'],
  too_large: ['Permintaan atau berkas terlalu besar', 'Request or file too large'],
  uri_too_long: ['Alamat (URL) atau salah satu bagiannya terlalu panjang', 'The address (URL) or one of its parts is too long'],
  unsupported_media_type: ['Jenis isi permintaan tidak didukung', 'Unsupported content type'],
  rate_limited: ['Terlalu banyak percobaan; coba lagi nanti', 'Too many attempts; try again later'],
  internal: ['Terjadi kesalahan pada server', 'Something went wrong on the server'],
};

export class AppError extends Error {
  readonly status: number;
  readonly messageId: string;
  readonly messageEn: string;
  constructor(
    readonly code: ErrorCode,
    message?: { id: string; en: string },
    readonly problems: Problem[] = [],
  ) {
    const [id, en] = message ? [message.id, message.en] : DEFAULT_MESSAGES[code];
    super(en);
    this.status = ERROR_STATUS[code];
    this.messageId = id;
    this.messageEn = en;
  }

  static validation(problems: Problem[]): AppError {
    const first = problems[0];
    // The headline names the field in the reader's language ("Nomor KPJ: …"), never the code's name for it.
    // A problem text that already starts with the field's name is not prefixed again.
    const label = first ? fieldLabel(first.field) : null;
    const named = (text: string, name: string) => (text.toLowerCase().startsWith(name.toLowerCase()) ? text : `${name}: ${text}`);
    const message = first
      ? label
        ? { id: named(first.id, label.id), en: named(first.en, label.en) }
        : { id: first.id, en: first.en }
      : { id: DEFAULT_MESSAGES.validation[0], en: DEFAULT_MESSAGES.validation[1] };
    return new AppError('validation', message, problems);
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: { id: string; en: string }; problems: Problem[]; requestId?: string };
}

export function errorBody(err: AppError, requestId?: string): ErrorBody {
  return { error: { code: err.code, message: { id: err.messageId, en: err.messageEn }, problems: err.problems, requestId } };
}
