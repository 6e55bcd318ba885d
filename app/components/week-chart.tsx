// A small bar chart of weekly counts, drawn as SVG on the server (no script), with the same figures
// in a table next to it: the chart is for the eye, the table for everyone (screen readers included).
import { formatNumber } from "~/domain/format";
import { ScrollableTable } from "~/components/table-wrap";

export type WeekPoint = { monday: string; label: string; current: boolean; count: number };

const WIDTH = 360;
const HEIGHT = 150;
const TOP = 14;
const BOTTOM = 26;
const LEFT = 6;

export function WeekChart({
  id,
  title,
  definition,
  points,
}: {
  id: string;
  title: string;
  definition: string;
  points: WeekPoint[];
}) {
  const max = Math.max(1, ...points.map((point) => point.count));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT * 2) / points.length;
  const total = points.reduce((sum, point) => sum + point.count, 0);
  const peak = total === 0 ? 0 : max;
  return (
    <section className="week-chart" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p className="small muted">{definition}</p>
      <div className="week-chart-body">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby={`${id}-svg-title`}
          className="week-chart-svg"
          preserveAspectRatio="xMidYMid meet"
        >
          <title id={`${id}-svg-title`}>
            {`${title} : ${formatNumber(total)} en 12 semaines, au plus ${formatNumber(peak)} en une semaine (chiffres dans le tableau).`}
          </title>
          <line x1={LEFT} x2={WIDTH - LEFT} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} className="week-chart-axis" />
          <text x={LEFT} y={TOP - 3} className="week-chart-max">
            {`max. ${formatNumber(peak)}`}
          </text>
          {points.map((point, index) => {
            const height = (point.count / max) * plotHeight;
            const x = LEFT + index * slot + slot * 0.15;
            return (
              <g key={point.monday}>
                <rect
                  x={x}
                  y={HEIGHT - BOTTOM - height}
                  width={slot * 0.7}
                  height={Math.max(height, point.count > 0 ? 1 : 0)}
                  className={point.current ? "week-chart-bar current" : "week-chart-bar"}
                />
                {index % 3 === 2 || index === points.length - 1 ? (
                  <text x={x + slot * 0.35} y={HEIGHT - 8} textAnchor="middle" className="week-chart-label">
                    {point.current ? "cette sem." : point.label.replace("sem. du ", "")}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
        <ScrollableTable caption={<>{`${title}, par semaine`}</>} className="week-chart-table">
          <thead>
            <tr>
              <th scope="col">Semaine</th>
              <th scope="col" className="num">
                Nombre
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.monday}>
                <th scope="row">{point.current ? `${point.label} (en cours)` : point.label}</th>
                <td className="num">{formatNumber(point.count)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total sur 12 semaines</th>
              <td className="num">{formatNumber(total)}</td>
            </tr>
          </tfoot>
        </ScrollableTable>
      </div>
    </section>
  );
}
