export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
      <div className="bar" style={{ width: `${Math.max(2, percent)}%` }} />
      <span>{label}</span>
    </div>
  );
}
