-- AlterTable
ALTER TABLE "Report" ADD COLUMN "openKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Report_openKey_key" ON "Report"("openKey");

