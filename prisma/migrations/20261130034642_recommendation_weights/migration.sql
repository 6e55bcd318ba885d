-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Call" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "shortTitle" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "organiser" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "publishedAt" DATETIME,
    "deadline" DATETIME NOT NULL,
    "yearlyEnvelope" INTEGER NOT NULL,
    "minLaureates" INTEGER NOT NULL,
    "maxLaureates" INTEGER NOT NULL,
    "durationMonths" INTEGER NOT NULL,
    "fundingYears" INTEGER NOT NULL,
    "latestStart" DATETIME NOT NULL,
    "latestStartLabel" TEXT NOT NULL,
    "fundingNote" TEXT NOT NULL,
    "minMembers" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "recommendFixesSectors" INTEGER NOT NULL DEFAULT 40,
    "recommendNewSector" INTEGER NOT NULL DEFAULT 10,
    "recommendSoughtSector" INTEGER NOT NULL DEFAULT 25,
    "recommendOffersResource" INTEGER NOT NULL DEFAULT 20,
    "recommendOffersResourceMax" INTEGER NOT NULL DEFAULT 2,
    "recommendSameQuartier" INTEGER NOT NULL DEFAULT 15,
    "recommendWholeCity" INTEGER NOT NULL DEFAULT 8,
    "recommendSameSubAxis" INTEGER NOT NULL DEFAULT 10,
    "recommendSameSubAxisMax" INTEGER NOT NULL DEFAULT 2,
    "recommendEconomicWorld" INTEGER NOT NULL DEFAULT 10
);
INSERT INTO "new_Call" ("audience", "createdAt", "deadline", "durationMonths", "fundingNote", "fundingYears", "id", "latestStart", "latestStartLabel", "maxLaureates", "minLaureates", "minMembers", "organiser", "publishedAt", "shortTitle", "slug", "summary", "title", "updatedAt", "yearlyEnvelope") SELECT "audience", "createdAt", "deadline", "durationMonths", "fundingNote", "fundingYears", "id", "latestStart", "latestStartLabel", "maxLaureates", "minLaureates", "minMembers", "organiser", "publishedAt", "shortTitle", "slug", "summary", "title", "updatedAt", "yearlyEnvelope" FROM "Call";
DROP TABLE "Call";
ALTER TABLE "new_Call" RENAME TO "Call";
CREATE UNIQUE INDEX "Call_slug_key" ON "Call"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

