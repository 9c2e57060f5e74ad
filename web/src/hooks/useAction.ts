import { useCallback, useState } from 'react';
import { ApiError, type Problem } from '../api/client';

/**
 * The one way a page runs an action against the API (a button, a form): it clears the last error and
 * notice, marks the action busy, keeps the API's bilingual error and its field problems for the form,
 * and can leave a notice. `run` answers the action's result, or undefined when it failed.
 */
export function useAction() {
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <T>(fn: () => Promise<T>, done?: (result: T) => string | void): Promise<T | undefined> => {
    setError(null);
    setNotice('');
    setBusy(true);
    try {
      const result = await fn();
      const message = done?.(result);
      if (typeof message === 'string') setNotice(message);
      return result;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'network', { id: 'Jaringan bermasalah', en: 'Network problem' }, []));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const problems: Problem[] = error?.problems ?? [];
  return { run, busy, error, notice, problems, setError };
}
