import { Link } from "@remix-run/react";
import type { OrganisationListItem } from "~/models/organisation.server";
import { KINDS, labelOf, SECTORS } from "~/domain/taxonomy";

export function OrganisationCard({ organisation, link = true }: { organisation: OrganisationListItem; link?: boolean }) {
  return (
    <li className="card">
      <h3>
        {link ? <Link to={`/organisations/${organisation.slug}`}>{organisation.name}</Link> : organisation.name}{" "}
        {organisation.isDemo ? <span className="badge badge-demo">Démo — structure fictive</span> : null}
      </h3>
      <p className="small muted">
        {labelOf(SECTORS, organisation.sector)} · {labelOf(KINDS, organisation.kind)}
      </p>
      <p>{organisation.shortDescription}</p>
      <p className="small">
        <strong>Où :</strong>{" "}
        {organisation.wholeCity
          ? "toute la ville"
          : organisation.quartiers.map((quartier) => quartier.name).join(", ") || "non précisé"}
      </p>
      {organisation.subAxes.length > 0 ? (
        <ul className="tags" aria-label="Sous-axes d'intérêt">
          {organisation.subAxes.map((code) => (
            <li key={code} className="badge">
              {code}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
