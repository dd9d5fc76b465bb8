import { ARCHIPELAGOS, PROVINCE_POINTS } from "~/geo/province-points";

const WEST = 102.3;
const NORTH = 23.6;
const SCALE = 10; // viewBox units per degree

const x = (lon: number) => Math.round((lon - WEST) * SCALE * 10) / 10;
const y = (lat: number) => Math.round((NORTH - lat) * SCALE * 10) / 10;

/**
 * A small dot map of Vietnam drawn on the server (issue 15): one dot per province, the lot's own
 * larger and named, the island districts marked as the country's maps mark them. About 2 KB, no
 * script, no map tiles to download on 3G.
 */
export function ProvinceMap({ provinceCode, label, title }: { provinceCode: string; label: string; title: string }) {
  const here = PROVINCE_POINTS[provinceCode];
  if (!here) return null;
  return (
    <svg viewBox="0 0 150 152" width="200" height="203" role="img" aria-label={title} className="province-map">
      <title>{title}</title>
      {Object.entries(PROVINCE_POINTS).map(([code, [lat, lon]]) =>
        code === provinceCode ? null : <circle key={code} cx={x(lon)} cy={y(lat)} r={2.6} fill="#b9cdb0" />,
      )}
      {ARCHIPELAGOS.map((a) => (
        <g key={a.name} fill="#7a8c72">
          <circle cx={x(a.at[1])} cy={y(a.at[0])} r={1.4} />
          <circle cx={x(a.at[1]) + 3} cy={y(a.at[0]) + 2} r={1} />
          <circle cx={x(a.at[1]) - 2} cy={y(a.at[0]) + 3} r={1} />
          <text x={x(a.at[1])} y={y(a.at[0]) - 4} fontSize={6} textAnchor="middle">
            {a.name}
          </text>
        </g>
      ))}
      <circle cx={x(here[1])} cy={y(here[0])} r={5} fill="#2f6b2f" stroke="#fff" strokeWidth={1.5} />
      {/* The name to the right, over a white halo where it crosses other dots. */}
      <text x={x(here[1]) + 8} y={y(here[0]) + 3} fontSize={9} fontWeight={700} fill="currentColor" stroke="#fff" strokeWidth={2.5} paintOrder="stroke">
        {label}
      </text>
    </svg>
  );
}
