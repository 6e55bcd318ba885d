-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN "pendingSiret" TEXT;

-- CreateIndex
CREATE INDEX "Organisation_siret_idx" ON "Organisation"("siret");

-- CreateIndex
CREATE INDEX "Organisation_rna_idx" ON "Organisation"("rna");

-- CreateIndex
CREATE INDEX "Organisation_pendingSiret_idx" ON "Organisation"("pendingSiret");


-- The SIRETs already waiting in pending changes (written by JSON.stringify: valid JSON).
UPDATE "Organisation" SET "pendingSiret" = json_extract("pendingChanges", '$.form.siret') WHERE "pendingChanges" IS NOT NULL;
