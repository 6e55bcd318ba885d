-- CreateTable
CREATE TABLE "RecommendationDismissal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ideaId" TEXT,
    "groupementId" TEXT,
    "organisationId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecommendationDismissal_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "Idea" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RecommendationDismissal_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RecommendationDismissal_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InterestInvitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ideaId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "senderOrganisationId" TEXT NOT NULL,
    "authorId" TEXT,
    "message" TEXT NOT NULL,
    "readAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InterestInvitation_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "Idea" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InterestInvitation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InterestInvitation_senderOrganisationId_fkey" FOREIGN KEY ("senderOrganisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RecommendationDismissal_organisationId_idx" ON "RecommendationDismissal"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationDismissal_ideaId_organisationId_key" ON "RecommendationDismissal"("ideaId", "organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationDismissal_groupementId_organisationId_key" ON "RecommendationDismissal"("groupementId", "organisationId");

-- CreateIndex
CREATE INDEX "InterestInvitation_organisationId_idx" ON "InterestInvitation"("organisationId");

-- CreateIndex
CREATE INDEX "InterestInvitation_senderOrganisationId_idx" ON "InterestInvitation"("senderOrganisationId");

-- CreateIndex
CREATE UNIQUE INDEX "InterestInvitation_ideaId_organisationId_key" ON "InterestInvitation"("ideaId", "organisationId");

-- CreateIndex
CREATE INDEX "Offer_updatedAt_idx" ON "Offer"("updatedAt");

-- CreateIndex
CREATE INDEX "Organisation_updatedAt_idx" ON "Organisation"("updatedAt");

