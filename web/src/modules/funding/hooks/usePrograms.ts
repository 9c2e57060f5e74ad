import { useEffect, useState } from 'react';
import type { Program, ProgramDetail } from '../../../api/types';
import { useApi } from '../../../hooks/useApi';

/** The programs of the user's region and the chosen one with its sources and budgets. */
export function usePrograms() {
  const list = useApi<{ items: Program[] }>('/programs');
  const [programId, setProgramId] = useState<number | null>(null);
  useEffect(() => {
    if (programId === null && list.data?.items[0]) setProgramId(list.data.items[0].id);
  }, [list.data, programId]);
  const detail = useApi<ProgramDetail>(programId === null ? null : `/programs/${programId}`);
  return {
    programs: list.data?.items ?? [],
    reloadList: list.reload,
    programId,
    setProgramId,
    program: detail.data,
    reload: detail.reload,
    error: list.error ?? detail.error,
  };
}
