-- CreateTable
CREATE TABLE "RegisterEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "registerId" TEXT NOT NULL,
    "organisationId" TEXT,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "postalCode" TEXT,
    "communeCode" TEXT NOT NULL,
    "activityCode" TEXT NOT NULL,
    "activityLabel" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subAxes" TEXT NOT NULL DEFAULT '',
    "siret" TEXT,
    "latitude" REAL,
    "longitude" REAL,
    "quartierId" TEXT,
    "irisCode" TEXT,
    "registeredOn" DATETIME,
    "registerUpdatedAt" DATETIME,
    "fingerprint" TEXT NOT NULL,
    "closedAt" DATETIME,
    "closedReason" TEXT,
    "lastImportId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RegisterEntry_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "RegisterEntry_quartierId_fkey" FOREIGN KEY ("quartierId") REFERENCES "Quartier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RegisterImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "startedById" TEXT,
    "bytesTotal" BIGINT,
    "bytesRead" BIGINT NOT NULL DEFAULT 0,
    "read" INTEGER NOT NULL DEFAULT 0,
    "kept" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "rejected" TEXT NOT NULL DEFAULT '{}',
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortDescription" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "siret" TEXT,
    "rna" TEXT,
    "website" TEXT,
    "publicEmail" TEXT,
    "publicPhone" TEXT,
    "address" TEXT,
    "latitude" REAL,
    "longitude" REAL,
    "homeQuartierId" TEXT,
    "wholeCity" BOOLEAN NOT NULL DEFAULT false,
    "logoFile" TEXT,
    "logoType" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "pendingChanges" TEXT,
    "moderationReason" TEXT,
    "publishedAt" DATETIME,
    "verifiedAt" DATETIME,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "unclaimed" BOOLEAN NOT NULL DEFAULT false,
    "claimedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Organisation_homeQuartierId_fkey" FOREIGN KEY ("homeQuartierId") REFERENCES "Quartier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Organisation" ("address", "createdAt", "description", "homeQuartierId", "id", "isDemo", "kind", "latitude", "logoFile", "logoType", "longitude", "moderationReason", "name", "pendingChanges", "publicEmail", "publicPhone", "publishedAt", "rna", "sector", "shortDescription", "siret", "slug", "status", "updatedAt", "verifiedAt", "website", "wholeCity") SELECT "address", "createdAt", "description", "homeQuartierId", "id", "isDemo", "kind", "latitude", "logoFile", "logoType", "longitude", "moderationReason", "name", "pendingChanges", "publicEmail", "publicPhone", "publishedAt", "rna", "sector", "shortDescription", "siret", "slug", "status", "updatedAt", "verifiedAt", "website", "wholeCity" FROM "Organisation";
DROP TABLE "Organisation";
ALTER TABLE "new_Organisation" RENAME TO "Organisation";
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");
CREATE INDEX "Organisation_status_idx" ON "Organisation"("status");
CREATE INDEX "Organisation_unclaimed_idx" ON "Organisation"("unclaimed");
CREATE INDEX "Organisation_updatedAt_idx" ON "Organisation"("updatedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RegisterEntry_organisationId_idx" ON "RegisterEntry"("organisationId");

-- CreateIndex
CREATE INDEX "RegisterEntry_source_lastImportId_idx" ON "RegisterEntry"("source", "lastImportId");

-- CreateIndex
CREATE INDEX "RegisterEntry_quartierId_idx" ON "RegisterEntry"("quartierId");

-- CreateIndex
CREATE INDEX "RegisterEntry_siret_idx" ON "RegisterEntry"("siret");

-- CreateIndex
CREATE UNIQUE INDEX "RegisterEntry_source_registerId_key" ON "RegisterEntry"("source", "registerId");

-- CreateIndex
CREATE INDEX "RegisterImport_source_startedAt_idx" ON "RegisterImport"("source", "startedAt");

-- CreateIndex
CREATE INDEX "RegisterImport_status_idx" ON "RegisterImport"("status");

