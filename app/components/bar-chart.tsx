import { useId } from "react";

export interface BarRow {
  label: string;
  value: number;
  /** The value as a person reads it (a count, or đồng). */
  display: string;
}

const WIDTH = 300;
const ROW = 38;

/**
 * A horizontal bar chart drawn on the server as SVG (issue 15): no script, sharp on a phone and on
 * paper. Each row puts its label and figure over its bar, so long Vietnamese names and long amounts
 * never squeeze the bars or run off the edge; the figures are text, so it reads in black and white.
 * Styled by attributes, not the stylesheet every page carries: only these pages pay for it.
 */
export function BarChart({ title, rows }: { title: string; rows: BarRow[] }) {
  const id = useId();
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = Math.max(1, rows.length) * ROW + 4;
  return (
    <figure className="chart">
      <figcaption id={id}>
        <strong>{title}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={id}>
        {rows.map((r, i) => {
          const y = i * ROW;
          const width = r.value > 0 ? Math.max(2, Math.round((r.value / max) * WIDTH)) : 0;
          return (
            <g key={`${r.label}-${i}`}>
              <text x={0} y={y + 13} fontSize={14} fill="currentColor" className="chart-label">
                {r.label}
              </text>
              <rect x={0} y={y + 18} width={width} height={14} rx={2} fill="#2f6b2f" stroke="#1f4a1f" />
              <text x={WIDTH} y={y + 13} textAnchor="end" fontSize={14} fill="currentColor" className="chart-value">
                {r.display}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
