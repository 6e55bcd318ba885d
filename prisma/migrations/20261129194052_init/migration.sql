-- CreateTable
CREATE TABLE "Call" (
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
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CallAxis" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CallAxis_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CallSubAxis" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "axisId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CallSubAxis_axisId_fkey" FOREIGN KEY ("axisId") REFERENCES "CallAxis" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CallSubAxisAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subAxisId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CallSubAxisAction_subAxisId_fkey" FOREIGN KEY ("subAxisId") REFERENCES "CallSubAxis" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CallEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "precision" TEXT NOT NULL,
    "whenText" TEXT,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CallEvent_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CallExpenseCategory" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CallExpenseCategory_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CallDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "perMember" BOOLEAN NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CallDocument_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CallPrerequisite" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CallPrerequisite_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CallFaq" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CallFaq_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PastLaureate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "theme" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "carriers" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "PastLaureate_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Quartier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "idobj" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "officialName" TEXT NOT NULL,
    "population" INTEGER NOT NULL,
    "populationYear" INTEGER NOT NULL,
    "populationSource" TEXT NOT NULL,
    "areaKm2" REAL NOT NULL,
    "irisCount" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortDescription" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "wholeCity" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OrganisationQuartier" (
    "organisationId" TEXT NOT NULL,
    "quartierId" TEXT NOT NULL,

    PRIMARY KEY ("organisationId", "quartierId"),
    CONSTRAINT "OrganisationQuartier_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrganisationQuartier_quartierId_fkey" FOREIGN KEY ("quartierId") REFERENCES "Quartier" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrganisationSubAxis" (
    "organisationId" TEXT NOT NULL,
    "subAxisId" TEXT NOT NULL,

    PRIMARY KEY ("organisationId", "subAxisId"),
    CONSTRAINT "OrganisationSubAxis_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrganisationSubAxis_subAxisId_fkey" FOREIGN KEY ("subAxisId") REFERENCES "CallSubAxis" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrganisationResource" (
    "organisationId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "direction" TEXT NOT NULL,

    PRIMARY KEY ("organisationId", "resource", "direction"),
    CONSTRAINT "OrganisationResource_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Call_slug_key" ON "Call"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "CallAxis_callId_code_key" ON "CallAxis"("callId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "CallSubAxis_axisId_code_key" ON "CallSubAxis"("axisId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "CallExpenseCategory_callId_code_key" ON "CallExpenseCategory"("callId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Quartier_slug_key" ON "Quartier"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Quartier_idobj_key" ON "Quartier"("idobj");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");

-- CreateIndex
CREATE INDEX "Organisation_status_idx" ON "Organisation"("status");

-- CreateIndex
CREATE INDEX "OrganisationQuartier_quartierId_idx" ON "OrganisationQuartier"("quartierId");

-- CreateIndex
CREATE INDEX "OrganisationSubAxis_subAxisId_idx" ON "OrganisationSubAxis"("subAxisId");

