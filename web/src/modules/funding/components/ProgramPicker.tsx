import type { Program } from '../../../api/types';
import { useI18n } from '../../../i18n/I18nProvider';
import { MonthInput } from '../../../components/DateInput';

export function ProgramPicker({ programs, value, onChange }: { programs: Program[]; value: number | null; onChange: (id: number) => void }) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span>{t('program')}</span>
      <select value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))} data-testid="program-picker">
        {programs.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} — {p.regionName}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Fiscal year and first/last month of a plan period. */
export interface Period {
  fiscalYear: number;
  monthFrom: string;
  monthTo: string;
}

export function PeriodFields({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useI18n();
  return (
    <>
      <label className="field">
        <span>{t('fiscalYear')}</span>
        <input
          type="number"
          name="fiscalYear"
          value={value.fiscalYear}
          onChange={(e) => {
            const y = Number(e.target.value);
            onChange({ fiscalYear: y, monthFrom: `${y}-${value.monthFrom.slice(5)}`, monthTo: `${y}-${value.monthTo.slice(5)}` });
          }}
          style={{ width: '6rem' }}
        />
      </label>
      <label className="field">
        <span>{t('monthFrom')}</span>
        <MonthInput name="monthFrom" value={value.monthFrom} onChange={(m) => onChange({ ...value, monthFrom: m })} />
      </label>
      <label className="field">
        <span>{t('monthTo')}</span>
        <MonthInput name="monthTo" value={value.monthTo} onChange={(m) => onChange({ ...value, monthTo: m })} />
      </label>
    </>
  );
}

export const nextYearPeriod = (): Period => {
  const y = new Date().getFullYear() + 1;
  return { fiscalYear: y, monthFrom: `${y}-01`, monthTo: `${y}-12` };
};
