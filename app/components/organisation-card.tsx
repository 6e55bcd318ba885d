import { Link } from "@remix-run/react";
import type { OrganisationListItem } from "~/models/organisation.server";
import { KINDS, labelOf, SECTORS } from "~/domain/taxonomy";
import { SubAxisTags } from "./sub-axis-tags";

export function OrganisationCard({
  organisation,
  subAxes,
  link = true,
}: {
  organisation: OrganisationListItem;
  /** The current call's sub-axes, which name the card's tags. */
  subAxes: readonly { code: string; label: string }[];
  link?: boolean;
}) {
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
      <SubAxisTags codes={organisation.subAxes} options={subAxes} label="Sous-axes d'intérêt" />
    </li>
  );
}
