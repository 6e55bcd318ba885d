// Calls for tests that need one at a given point in time: the seeded 2025 call closed on 16 July
// 2025, so a test that files a groupement opens it first.
import crypto from "node:crypto";
import { getDb } from "~/utils/db.server";

export const SEEDED_CALL = "nantes-isolement-2025";

/** Moves the seeded call's deadline 30 days ahead: its groupements may be filed again. */
export async function openSeededCall(): Promise<void> {
  await getDb().call.update({
    where: { slug: SEEDED_CALL },
    data: { deadline: new Date(Date.now() + 30 * 24 * 3600_000) },
  });
}

/** A call with two axes' worth of fields kept short: what the public pages and /api/calls read. */
export async function createCall({
  slug = `appel-${crypto.randomUUID().slice(0, 8)}`,
  title = `Appel ${slug}`,
  draft = false,
  publishedAt,
  deadline,
  resultsPublishedAt = null,
  subAxes = [
    { code: "3.1", title: "Rompre l'isolement des aidants" },
    { code: "3.2", title: "Des lieux ouverts le dimanche" },
  ],
  axisTitle = "Les aidants",
}: {
  slug?: string;
  title?: string;
  draft?: boolean;
  publishedAt: Date | null;
  deadline: Date;
  resultsPublishedAt?: Date | null;
  subAxes?: { code: string; title: string }[];
  axisTitle?: string;
}) {
  return getDb().call.create({
    data: {
      slug,
      title,
      shortTitle: title,
      summary: `Résumé de ${title}.`,
      organiser: "CCAS de Nantes",
      audience: "Les structures nantaises.",
      publishedAt,
      deadline,
      resultsPublishedAt,
      draft,
      yearlyEnvelope: 180_000,
      minLaureates: 2,
      maxLaureates: 4,
      durationMonths: 24,
      fundingYears: 2,
      latestStart: new Date("2027-06-30T00:00:00Z"),
      latestStartLabel: "premier semestre 2027",
      fundingNote: "",
      minMembers: 2,
      axes: {
        create: [
          {
            code: "1",
            title: axisTitle,
            summary: `Axe de ${title}.`,
            position: 0,
            subAxes: {
              create: subAxes.map((subAxis, position) => ({ ...subAxis, summary: subAxis.title, position })),
            },
          },
        ],
      },
    },
    select: { id: true, slug: true, title: true },
  });
}
