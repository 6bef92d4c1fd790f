/** A small line chart of a metric's recent samples (0–100 %), with the latest value as text. */

export function Sparkline(props: { label: string; values: readonly number[] }) {
  const { label, values } = props;
  const width = 160;
  const height = 36;
  const latest = values.at(-1);
  if (values.length === 0) return <span className="muted">{label}: no samples yet</span>;
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values
    .map(
      (value, index) =>
        `${(index * step).toFixed(1)},${(height - (Math.min(100, value) / 100) * height).toFixed(1)}`,
    )
    .join(' ');
  return (
    <figure className="sparkline">
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`${label}, last ${values.length} samples, latest ${latest?.toFixed(0) ?? ''} %`}
      >
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <figcaption>
        {label}: {latest?.toFixed(0)} %
      </figcaption>
    </figure>
  );
}
