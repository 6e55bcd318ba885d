-- CreateIndex
CREATE INDEX "Organisation_status_createdAt_idx" ON "Organisation"("status", "createdAt");

