-- AlterTable
ALTER TABLE "User" ADD COLUMN "ccasRole" TEXT;

-- CreateTable
CREATE TABLE "CallCriterion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "maxScore" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CallCriterion_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupementReviewer" (
    "groupementId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "assignedById" TEXT,
    "assignedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("groupementId", "userId"),
    CONSTRAINT "GroupementReviewer_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupementNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupementId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GroupementNote_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupementScore" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupementId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "criterionCode" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "GroupementScore_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupementQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupementId" TEXT NOT NULL,
    "askedById" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "askedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" TEXT,
    "answeredById" TEXT,
    "answeredAt" DATETIME,
    CONSTRAINT "GroupementQuestion_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StaffInvitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT,
    "detail" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

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
    "recommendEconomicWorld" INTEGER NOT NULL DEFAULT 10,
    "draft" BOOLEAN NOT NULL DEFAULT false,
    "copiedFromId" TEXT,
    "resultsPublishedAt" DATETIME
);
INSERT INTO "new_Call" ("audience", "createdAt", "deadline", "durationMonths", "fundingNote", "fundingYears", "id", "latestStart", "latestStartLabel", "maxLaureates", "minLaureates", "minMembers", "organiser", "publishedAt", "recommendEconomicWorld", "recommendFixesSectors", "recommendNewSector", "recommendOffersResource", "recommendOffersResourceMax", "recommendSameQuartier", "recommendSameSubAxis", "recommendSameSubAxisMax", "recommendSoughtSector", "recommendWholeCity", "shortTitle", "slug", "summary", "title", "updatedAt", "yearlyEnvelope") SELECT "audience", "createdAt", "deadline", "durationMonths", "fundingNote", "fundingYears", "id", "latestStart", "latestStartLabel", "maxLaureates", "minLaureates", "minMembers", "organiser", "publishedAt", "recommendEconomicWorld", "recommendFixesSectors", "recommendNewSector", "recommendOffersResource", "recommendOffersResourceMax", "recommendSameQuartier", "recommendSameSubAxis", "recommendSameSubAxisMax", "recommendSoughtSector", "recommendWholeCity", "shortTitle", "slug", "summary", "title", "updatedAt", "yearlyEnvelope" FROM "Call";
DROP TABLE "Call";
ALTER TABLE "new_Call" RENAME TO "Call";
CREATE UNIQUE INDEX "Call_slug_key" ON "Call"("slug");
CREATE TABLE "new_Groupement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ideaId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "subAxes" TEXT NOT NULL DEFAULT '',
    "addressesIsolation" BOOLEAN NOT NULL DEFAULT false,
    "addressesPrecarity" BOOLEAN NOT NULL DEFAULT false,
    "wholeCity" BOOLEAN NOT NULL DEFAULT false,
    "quartiers" TEXT NOT NULL DEFAULT '',
    "startDate" TEXT,
    "durationMonths" INTEGER NOT NULL DEFAULT 24,
    "cooperation" TEXT NOT NULL DEFAULT 'new',
    "cooperationJustification" TEXT NOT NULL DEFAULT '',
    "beneficiaries" INTEGER,
    "replicability" TEXT NOT NULL DEFAULT '',
    "budgetOperating" INTEGER NOT NULL DEFAULT 0,
    "budgetParticipation" INTEGER NOT NULL DEFAULT 0,
    "budgetEquipment" INTEGER NOT NULL DEFAULT 0,
    "projectSheetFile" TEXT,
    "submittedAt" DATETIME,
    "decision" TEXT,
    "decisionMessage" TEXT NOT NULL DEFAULT '',
    "decidedAt" DATETIME,
    "decidedById" TEXT,
    "decisionSentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Groupement_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "Idea" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Groupement_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Groupement" ("addressesIsolation", "addressesPrecarity", "beneficiaries", "budgetEquipment", "budgetOperating", "budgetParticipation", "callId", "cooperation", "cooperationJustification", "createdAt", "durationMonths", "id", "ideaId", "projectSheetFile", "quartiers", "replicability", "startDate", "subAxes", "submittedAt", "title", "updatedAt", "wholeCity") SELECT "addressesIsolation", "addressesPrecarity", "beneficiaries", "budgetEquipment", "budgetOperating", "budgetParticipation", "callId", "cooperation", "cooperationJustification", "createdAt", "durationMonths", "id", "ideaId", "projectSheetFile", "quartiers", "replicability", "startDate", "subAxes", "submittedAt", "title", "updatedAt", "wholeCity" FROM "Groupement";
DROP TABLE "Groupement";
ALTER TABLE "new_Groupement" RENAME TO "Groupement";
CREATE UNIQUE INDEX "Groupement_ideaId_key" ON "Groupement"("ideaId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "CallCriterion_callId_code_key" ON "CallCriterion"("callId", "code");

-- CreateIndex
CREATE INDEX "GroupementReviewer_userId_idx" ON "GroupementReviewer"("userId");

-- CreateIndex
CREATE INDEX "GroupementNote_groupementId_idx" ON "GroupementNote"("groupementId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupementScore_groupementId_reviewerId_criterionCode_key" ON "GroupementScore"("groupementId", "reviewerId", "criterionCode");

-- CreateIndex
CREATE INDEX "GroupementQuestion_groupementId_idx" ON "GroupementQuestion"("groupementId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffInvitation_tokenHash_key" ON "StaffInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "StaffInvitation_email_idx" ON "StaffInvitation"("email");

-- CreateIndex
CREATE INDEX "AuditEntry_createdAt_idx" ON "AuditEntry"("createdAt");


-- The CCAS staff granted before roles existed were administrators.
UPDATE "User" SET "ccasRole" = 'ccas-admin' WHERE "isCcas" = true;
