import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getCurrentCall, getPastLaureates } from "~/models/call.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/meta";

export async function loader() {
  const db = getDb();
  const call = await getCurrentCall(db);
  const laureates = call ? await getPastLaureates(db, call.id) : [];
  const years = [...new Set(laureates.map((laureate) => laureate.year))];
  return {
    presentedBy: call?.shortTitle ?? "",
    groups: years.map((year) => ({
      year,
      theme: laureates.find((laureate) => laureate.year === year)?.theme ?? "",
      laureates: laureates.filter((laureate) => laureate.year === year),
    })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const years = data?.groups.map((group) => group.year).join(", ");
  return pageMeta({
    title: years ? `Les lauréats ${years}` : "Les lauréats",
    description: "Les projets lauréats de l'appel à coopérations précédent du CCAS de Nantes, tels que l'appel les présente.",
    path: "/laureats",
    matches,
  });
};

export default function Laureates() {
  const { groups, presentedBy } = useLoaderData<typeof loader>();
  if (groups.length === 0) {
    return (
      <div className="container page">
        <h1>Les lauréats</h1>
        <p>Aucun lauréat d'un appel précédent n'est présenté pour l'instant.</p>
      </div>
    );
  }
  return (
    <div className="container page">
      {groups.map((group) => (
        <section key={group.year} aria-labelledby={`laureats-${group.year}`}>
          <h1 id={`laureats-${group.year}`}>Les lauréats {group.year}</h1>
          <p className="lead">
            Thème de l'appel {group.year} : {group.theme.toLowerCase()}. Ces projets sont décrits ici avec ce qu'en dit la page de
            l'appel en cours ({presentedBy}), sans autre information.
          </p>
          <ul className="cards">
            {group.laureates.map((laureate) => (
              <li key={laureate.title} className="card">
                <h2 style={{ fontSize: "1.15rem", marginTop: 0 }}>{laureate.title}</h2>
                <p>{laureate.summary}</p>
                <p className="small">
                  <strong>Porté par :</strong> {laureate.carriers}.
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
