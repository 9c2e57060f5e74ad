import type { OutboxT } from '../../../../../src/modules/mail/mail.schemas.js';
import { useApi } from '../../../hooks/useApi';
import { useI18n } from '../../../i18n/I18nProvider';
import { ErrorNotice } from '../../../components/ErrorNotice';

/** The e-mail outbox for an administrator: sent, waiting (no SMTP configured: read the message here) and failed. */
export function Outbox() {
  const { t, fmt } = useI18n();
  const { data, error } = useApi<OutboxT>('/mail/outbox');
  return (
    <div className="card-wide" data-testid="outbox">
      <h2>{t('outbox')}</h2>
      <p className="note">{t('outboxLead')}</p>
      <ErrorNotice error={error} />
      {data?.items.length === 0 && <p className="note">{t('outboxEmpty')}</p>}
      {data?.items.map((m) => (
        <details key={m.id}>
          <summary>
            <span className={`status ${m.status === 'sent' ? 'paid' : m.status === 'failed' ? 'rejected' : 'submitted'}`}>{t(`mail_${m.status}`)}</span> {m.to}{' '}
            · {m.subject} <span className="note">· {fmt.dateTime(m.sentAt ?? m.createdAt)}</span>
          </summary>
          <pre className="mail-body">{m.text}</pre>
          {m.lastError && <p className="notice error">{m.lastError}</p>}
        </details>
      ))}
    </div>
  );
}
