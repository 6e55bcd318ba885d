import type { SvgShape } from "~/domain/geo";

/** The quartiers drawn as SVG on the server: the map without JavaScript, and while Leaflet loads. */
export function SvgQuartiersMap({ viewBox, shapes, title }: { viewBox: string; shapes: SvgShape[]; title: string }) {
  return (
    <svg className="svg-map" viewBox={viewBox} role="img" aria-labelledby="svg-map-title" data-testid="svg-map">
      <title id="svg-map-title">{title}</title>
      {shapes.map((shape) => (
        <g key={shape.idobj}>
          <path d={shape.d} data-quartier={shape.idobj}>
            <title>{shape.name}</title>
          </path>
        </g>
      ))}
      {/* A name of several parts (« Bellevue - Chantenay - Sainte-Anne ») on as many lines, centred
          on its point: large enough to read on a phone without running into its neighbours. */}
      {shapes.map((shape) => {
        const lines = shape.name.split(" - ");
        return (
          <text key={shape.idobj} x={shape.labelX} y={shape.labelY} textAnchor="middle" aria-hidden="true">
            {lines.map((line, index) => (
              <tspan key={line} x={shape.labelX} dy={`${index === 0 ? (-(lines.length - 1) * 1.1) / 2 + 0.35 : 1.1}em`}>
                {line}
              </tspan>
            ))}
          </text>
        );
      })}
    </svg>
  );
}
