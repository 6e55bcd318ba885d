-- CreateIndex
CREATE INDEX "Interest_ideaId_organisationId_idx" ON "Interest"("ideaId", "organisationId");

