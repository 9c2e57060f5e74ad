/** Fetch wrapper: JSON in and out, the session's CSRF token on every write, errors as ApiError. */
export interface Problem {
  field: string;
  code: string;
  id: string;
  en: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: { id: string; en: string },
    readonly problems: Problem[],
  ) {
    super(messages.en);
  }
}

let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'same-origin',
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const err = (data as { error?: { code: string; message: { id: string; en: string }; problems: Problem[] } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'internal', err?.message ?? { id: `Galat ${res.status}`, en: `Error ${res.status}` }, err?.problems ?? []);
  }
  return data as T;
}

export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Uploads a file with progress (fetch cannot report upload progress; XMLHttpRequest can).
 */
export function uploadFile<T>(path: string, file: File, onProgress: (pct: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((100 * e.loaded) / e.total));
    xhr.onload = () => {
      const data = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const err = (data as { error?: { code: string; message: { id: string; en: string }; problems: Problem[] } } | null)?.error;
      reject(new ApiError(xhr.status, err?.code ?? 'internal', err?.message ?? { id: `Galat ${xhr.status}`, en: `Error ${xhr.status}` }, err?.problems ?? []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', { id: 'Jaringan bermasalah', en: 'Network problem' }, []));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}
