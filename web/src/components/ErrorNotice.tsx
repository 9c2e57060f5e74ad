import type { ApiError } from '../api/client';
import { useI18n } from '../i18n/I18nProvider';

export function ErrorNotice({ error }: { error: ApiError | null }) {
  const { pick } = useI18n();
  if (!error) return null;
  return (
    <div className="notice error" role="alert">
      {pick(error.messages)}
    </div>
  );
}
