// Points already saved outside Nantes, or in another quartier than the one saved with them (points
// placed while the form's map drew the quartiers shifted, issue 11): the CCAS's list to fix. The
// rule is app/domain/geo.ts's, the same the forms apply.
import { savedPointProblem, type SavedPointProblem } from "~/domain/geo";
import type { Db } from "~/utils/db.server";
import { getQuartiersGeoJson } from "~/utils/geo.server";
import { queueReindex } from "./publication.server";

const onMap = { latitude: { not: null }, longitude: { not: null } } as const;

export type MisplacedPoint = {
  type: "organisation" | "offer";
  id: string;
  title: string;
  /** The organisation: itself, or the offer's. */
  organisation: { name: string; slug: string; status: string };
  status: string;
  savedQuartier: string | null;
  problem: SavedPointProblem;
};

/** Every organisation and offer whose saved point is outside Nantes or disagrees with its saved quartier. */
export async function getMisplacedPoints(db: Db): Promise<{ organisations: MisplacedPoint[]; offers: MisplacedPoint[] }> {
  const collection = getQuartiersGeoJson().collection;
  const [organisations, offers] = await Promise.all([
    db.organisation.findMany({
      where: onMap,
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        slug: true,
        status: true,
        latitude: true,
        longitude: true,
        homeQuartier: { select: { slug: true, name: true } },
      },
    }),
    db.offer.findMany({
      where: onMap,
      orderBy: { title: "asc" },
      select: {
        id: true,
        title: true,
        status: true,
        latitude: true,
        longitude: true,
        quartier: { select: { slug: true, name: true } },
        organisation: { select: { name: true, slug: true, status: true } },
      },
    }),
  ]);
  return {
    organisations: organisations.flatMap((row) => {
      const problem = savedPointProblem(collection, { ...row, quartier: row.homeQuartier?.slug ?? null });
      if (!problem) return [];
      const organisation = { name: row.name, slug: row.slug, status: row.status };
      return [
        {
          type: "organisation",
          id: row.id,
          title: row.name,
          organisation,
          status: row.status,
          savedQuartier: row.homeQuartier?.name ?? null,
          problem,
        },
      ];
    }),
    offers: offers.flatMap((row) => {
      const problem = savedPointProblem(collection, { ...row, quartier: row.quartier?.slug ?? null });
      if (!problem) return [];
      return [
        {
          type: "offer",
          id: row.id,
          title: row.title,
          organisation: row.organisation,
          status: row.status,
          savedQuartier: row.quartier?.name ?? null,
          problem,
        },
      ];
    }),
  };
}

/**
 * Fixes one point the way the form now would: a point outside Nantes is removed (the quartier
 * chosen in the list stays); a point in Nantes gives its quartier. Checked again in the
 * transaction: false when there was nothing (left) to fix. The search index follows.
 */
export async function fixMisplacedPoint(db: Db, { type, id }: { type: "organisation" | "offer"; id: string }): Promise<boolean> {
  const collection = getQuartiersGeoJson().collection;
  return db.$transaction(async (tx) => {
    const row =
      type === "organisation"
        ? await tx.organisation
            .findUnique({ where: { id }, select: { latitude: true, longitude: true, homeQuartier: { select: { slug: true } } } })
            .then((found) => found && { ...found, quartier: found.homeQuartier?.slug ?? null })
        : await tx.offer
            .findUnique({ where: { id }, select: { latitude: true, longitude: true, quartier: { select: { slug: true } } } })
            .then((found) => found && { ...found, quartier: found.quartier?.slug ?? null });
    const problem = row ? savedPointProblem(collection, row) : null;
    if (!problem) return false;
    if (problem.kind === "outside") {
      const data = { latitude: null, longitude: null };
      if (type === "organisation") await tx.organisation.update({ where: { id }, data });
      else await tx.offer.update({ where: { id }, data });
    } else {
      const quartier = await tx.quartier.findUniqueOrThrow({ where: { slug: problem.pointQuartier.code }, select: { id: true } });
      if (type === "organisation") await tx.organisation.update({ where: { id }, data: { homeQuartierId: quartier.id } });
      else await tx.offer.update({ where: { id }, data: { quartierId: quartier.id } });
    }
    await queueReindex(tx, type, id);
    return true;
  });
}
