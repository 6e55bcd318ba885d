-- DropIndex
DROP INDEX "Offer_status_idx";

-- DropIndex
DROP INDEX "Offer_organisationId_idx";

-- DropIndex
DROP INDEX "Organisation_status_idx";

-- CreateIndex
CREATE INDEX "Idea_updatedAt_idx" ON "Idea"("updatedAt");

-- CreateIndex
CREATE INDEX "Offer_organisation_counts_idx" ON "Offer"("organisationId", "status", "resource", "validUntil", "publishedAt", "quartierId");

-- CreateIndex
CREATE INDEX "Organisation_status_wholeCity_sector_idx" ON "Organisation"("status", "wholeCity", "sector");

-- CreateIndex
CREATE INDEX "Organisation_status_publishedAt_idx" ON "Organisation"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Organisation_id_status_wholeCity_idx" ON "Organisation"("id", "status", "wholeCity");

