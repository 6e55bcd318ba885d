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
      {shapes.map((shape) => (
        <text key={shape.idobj} x={shape.labelX} y={shape.labelY} textAnchor="middle" aria-hidden="true">
          {shape.name}
        </text>
      ))}
    </svg>
  );
}
