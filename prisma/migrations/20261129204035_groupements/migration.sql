-- CreateTable
CREATE TABLE "Groupement" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Groupement_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "Idea" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Groupement_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupementMember" (
    "groupementId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "isLead" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'active',
    "role" TEXT NOT NULL DEFAULT '',
    "resources" TEXT NOT NULL DEFAULT '',
    "resourceDescription" TEXT NOT NULL DEFAULT '',
    "valuedAmount" INTEGER,
    "subsidyShare" INTEGER NOT NULL DEFAULT 0,
    "commitment" TEXT,
    "commitmentFile" TEXT,
    "accountsFile" TEXT,
    "accountsAlreadySent" BOOLEAN NOT NULL DEFAULT false,
    "reportFile" TEXT,
    "reportAlreadySent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("groupementId", "organisationId"),
    CONSTRAINT "GroupementMember_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GroupementMember_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GroupementChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupementId" TEXT NOT NULL,
    "userId" TEXT,
    "userName" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GroupementChange_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Groupement_ideaId_key" ON "Groupement"("ideaId");

-- CreateIndex
CREATE INDEX "GroupementMember_organisationId_idx" ON "GroupementMember"("organisationId");

-- CreateIndex
CREATE INDEX "GroupementChange_groupementId_idx" ON "GroupementChange"("groupementId");

