/** Used out of declared as a bar with the numbers beside it. */

export function CapacityBar(props: {
  label: string;
  used: number;
  total: number;
  format?: (value: number) => string;
}) {
  const { label, used, total } = props;
  const format = props.format ?? ((value: number) => String(Math.round(value * 10) / 10));
  const percent = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  const tone = percent >= 90 ? 'bad' : percent >= 70 ? 'warn' : 'good';
  return (
    <div className="capacity">
      <span className="capacity-label">{label}</span>
      <div
        className="capacity-track"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={used}
        aria-valuetext={`${format(used)} of ${format(total)}`}
      >
        <div className={`capacity-fill capacity-${tone}`} style={{ width: `${percent}%` }} />
      </div>
      <span className="capacity-text">
        {format(used)} / {format(total)}
      </span>
    </div>
  );
}
