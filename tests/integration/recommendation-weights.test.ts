// The recommendation weights are data of the call: seeded from its data file, read back from the
// database, so the CCAS can tune them for another call without a change of code.
import { describe, expect, it } from "vitest";
import { nantesIsolement2025 } from "~/domain/calls/nantes-isolement-2025";
import { getRecommendationWeights } from "~/models/call.server";
import { getDb } from "~/utils/db.server";

describe("getRecommendationWeights", () => {
  it("reads back the weights the seed wrote from the call's data file", async () => {
    const db = getDb();
    const call = await db.call.findUniqueOrThrow({ where: { slug: nantesIsolement2025.slug }, select: { id: true } });
    expect(await getRecommendationWeights(db, call.id)).toEqual(nantesIsolement2025.recommendationWeights);
  });

  it("follows a weight the CCAS changed, and answers null for a call that does not exist", async () => {
    const db = getDb();
    const call = await db.call.findUniqueOrThrow({ where: { slug: nantesIsolement2025.slug }, select: { id: true } });
    await db.call.update({ where: { id: call.id }, data: { recommendWholeCity: 3, recommendOffersResourceMax: 1 } });
    expect(await getRecommendationWeights(db, call.id)).toEqual({
      ...nantesIsolement2025.recommendationWeights,
      wholeCity: 3,
      offersResourceMax: 1,
    });
    expect(await getRecommendationWeights(db, "no-such-call")).toBeNull();
  });
});
