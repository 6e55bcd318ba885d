-- DropIndex
DROP INDEX "ContactMessage_organisationId_idx";

-- DropIndex
DROP INDEX "Interest_ideaId_idx";

-- DropIndex
DROP INDEX "Interest_organisationId_idx";

-- DropIndex
DROP INDEX "InterestInvitation_organisationId_idx";

-- CreateIndex
CREATE INDEX "ContactMessage_organisationId_readAt_idx" ON "ContactMessage"("organisationId", "readAt");

-- CreateIndex
CREATE INDEX "Interest_ideaId_readByIdeaAt_idx" ON "Interest"("ideaId", "readByIdeaAt");

-- CreateIndex
CREATE INDEX "Interest_organisationId_readBySenderAt_decidedAt_idx" ON "Interest"("organisationId", "readBySenderAt", "decidedAt");

-- CreateIndex
CREATE INDEX "InterestInvitation_organisationId_readAt_idx" ON "InterestInvitation"("organisationId", "readAt");

