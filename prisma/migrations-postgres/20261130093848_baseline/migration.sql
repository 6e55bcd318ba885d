-- CreateTable
CREATE TABLE "Call" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "shortTitle" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "organiser" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "deadline" TIMESTAMP(3) NOT NULL,
    "yearlyEnvelope" INTEGER NOT NULL,
    "minLaureates" INTEGER NOT NULL,
    "maxLaureates" INTEGER NOT NULL,
    "durationMonths" INTEGER NOT NULL,
    "fundingYears" INTEGER NOT NULL,
    "latestStart" TIMESTAMP(3) NOT NULL,
    "latestStartLabel" TEXT NOT NULL,
    "fundingNote" TEXT NOT NULL,
    "minMembers" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
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
    "resultsPublishedAt" TIMESTAMP(3),
    "notifiedOnPublish" INTEGER,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallAxis" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CallAxis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallSubAxis" (
    "id" TEXT NOT NULL,
    "axisId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CallSubAxis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallSubAxisAction" (
    "id" TEXT NOT NULL,
    "subAxisId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CallSubAxisAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallEvent" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "precision" TEXT NOT NULL,
    "whenText" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CallEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallExpenseCategory" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CallExpenseCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallDocument" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "perMember" BOOLEAN NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CallDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallPrerequisite" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CallPrerequisite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallFaq" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CallFaq_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallCriterion" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "maxScore" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CallCriterion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PastLaureate" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "theme" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "carriers" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "PastLaureate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallLaureate" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "leadName" TEXT NOT NULL,
    "subAxisCode" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CallLaureate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Quartier" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "idobj" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "officialName" TEXT NOT NULL,
    "population" INTEGER NOT NULL,
    "populationYear" INTEGER NOT NULL,
    "populationSource" TEXT NOT NULL,
    "areaKm2" DOUBLE PRECISION NOT NULL,
    "irisCount" INTEGER NOT NULL,
    "indicators" TEXT,

    CONSTRAINT "Quartier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortDescription" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "siret" TEXT,
    "rna" TEXT,
    "website" TEXT,
    "publicEmail" TEXT,
    "publicPhone" TEXT,
    "address" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "homeQuartierId" TEXT,
    "wholeCity" BOOLEAN NOT NULL DEFAULT false,
    "logoFile" TEXT,
    "logoType" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "pendingChanges" TEXT,
    "moderationReason" TEXT,
    "publishedAt" TIMESTAMP(3),
    "verifiedAt" TIMESTAMP(3),
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "unclaimed" BOOLEAN NOT NULL DEFAULT false,
    "claimedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganisationQuartier" (
    "organisationId" TEXT NOT NULL,
    "quartierId" TEXT NOT NULL,

    CONSTRAINT "OrganisationQuartier_pkey" PRIMARY KEY ("organisationId","quartierId")
);

-- CreateTable
CREATE TABLE "OrganisationSubAxis" (
    "organisationId" TEXT NOT NULL,
    "subAxisId" TEXT NOT NULL,

    CONSTRAINT "OrganisationSubAxis_pkey" PRIMARY KEY ("organisationId","subAxisId")
);

-- CreateTable
CREATE TABLE "OrganisationResource" (
    "organisationId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "direction" TEXT NOT NULL,

    CONSTRAINT "OrganisationResource_pkey" PRIMARY KEY ("organisationId","resource","direction")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "emailVerifiedAt" TIMESTAMP(3),
    "isCcas" BOOLEAN NOT NULL DEFAULT false,
    "ccasRole" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "notificationMode" TEXT NOT NULL DEFAULT 'immediate',

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "userId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("userId","organisationId")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "quartierId" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "availability" TEXT NOT NULL,
    "capacity" TEXT,
    "conditions" TEXT NOT NULL,
    "validFrom" TIMESTAMP(3),
    "validUntil" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "pendingChanges" TEXT,
    "moderationReason" TEXT,
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferSlot" (
    "offerId" TEXT NOT NULL,
    "slot" TEXT NOT NULL,

    CONSTRAINT "OfferSlot_pkey" PRIMARY KEY ("offerId","slot")
);

-- CreateTable
CREATE TABLE "ContactMessage" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "senderName" TEXT NOT NULL,
    "senderEmail" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModerationDecision" (
    "id" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT,
    "moderatorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModerationDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Idea" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "addressesIsolation" BOOLEAN NOT NULL DEFAULT false,
    "addressesPrecarity" BOOLEAN NOT NULL DEFAULT false,
    "targetPublic" TEXT NOT NULL,
    "wholeCity" BOOLEAN NOT NULL DEFAULT false,
    "expectedStart" TIMESTAMP(3),
    "stage" TEXT NOT NULL DEFAULT 'looking-for-partners',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "pendingChanges" TEXT,
    "moderationReason" TEXT,
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Idea_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdeaCode" (
    "ideaId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,

    CONSTRAINT "IdeaCode_pkey" PRIMARY KEY ("ideaId","kind","code")
);

-- CreateTable
CREATE TABLE "Interest" (
    "id" TEXT NOT NULL,
    "ideaId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "authorId" TEXT,
    "message" TEXT NOT NULL,
    "resources" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "declineReason" TEXT,
    "readByIdeaAt" TIMESTAMP(3),
    "readBySenderAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Interest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CandidateMember" (
    "ideaId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "interestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CandidateMember_pkey" PRIMARY KEY ("ideaId","organisationId")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "mailedAt" TIMESTAMP(3),
    "mailQueuedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "reporterId" TEXT,
    "resolution" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openKey" TEXT,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Groupement" (
    "id" TEXT NOT NULL,
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
    "submittedAt" TIMESTAMP(3),
    "decision" TEXT,
    "decisionMessage" TEXT NOT NULL DEFAULT '',
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,
    "decisionSentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Groupement_pkey" PRIMARY KEY ("id")
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
    "confirmedAt" TIMESTAMP(3),
    "confirmedByName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupementMember_pkey" PRIMARY KEY ("groupementId","organisationId")
);

-- CreateTable
CREATE TABLE "GroupementChange" (
    "id" TEXT NOT NULL,
    "groupementId" TEXT NOT NULL,
    "userId" TEXT,
    "userName" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupementChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendationDismissal" (
    "id" TEXT NOT NULL,
    "ideaId" TEXT,
    "groupementId" TEXT,
    "organisationId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecommendationDismissal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InterestInvitation" (
    "id" TEXT NOT NULL,
    "ideaId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "senderOrganisationId" TEXT NOT NULL,
    "authorId" TEXT,
    "message" TEXT NOT NULL,
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InterestInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchOutbox" (
    "id" SERIAL NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SearchOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppState" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "AppState_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SavedSearch" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "queryKey" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "activeSince" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SavedSearch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertSetting" (
    "userId" TEXT NOT NULL,
    "ideaAlerts" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertSetting_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "AlertWork" (
    "id" SERIAL NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3),
    "claimId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "doneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertWork_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "savedSearchId" TEXT,
    "reason" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "notificationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupementReviewer" (
    "groupementId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "assignedById" TEXT,
    "assignedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupementReviewer_pkey" PRIMARY KEY ("groupementId","userId")
);

-- CreateTable
CREATE TABLE "GroupementNote" (
    "id" TEXT NOT NULL,
    "groupementId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupementNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupementScore" (
    "id" TEXT NOT NULL,
    "groupementId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "criterionCode" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GroupementScore_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupementQuestion" (
    "id" TEXT NOT NULL,
    "groupementId" TEXT NOT NULL,
    "askedById" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "askedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" TEXT,
    "answeredById" TEXT,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "GroupementQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffInvitation" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "StaffInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT,
    "detail" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegisterEntry" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "registerId" TEXT NOT NULL,
    "organisationId" TEXT,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "postalCode" TEXT,
    "communeCode" TEXT NOT NULL,
    "activityCode" TEXT NOT NULL,
    "activityLabel" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subAxes" TEXT NOT NULL DEFAULT '',
    "siret" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "quartierId" TEXT,
    "irisCode" TEXT,
    "registeredOn" TIMESTAMP(3),
    "registerUpdatedAt" TIMESTAMP(3),
    "fingerprint" TEXT NOT NULL,
    "closedAt" TIMESTAMP(3),
    "closedReason" TEXT,
    "lastImportId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegisterEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegisterImport" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "startedById" TEXT,
    "bytesTotal" BIGINT,
    "bytesRead" BIGINT NOT NULL DEFAULT 0,
    "read" INTEGER NOT NULL DEFAULT 0,
    "kept" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "rejected" TEXT NOT NULL DEFAULT '{}',
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "RegisterImport_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "CallCriterion_callId_code_key" ON "CallCriterion"("callId", "code");

-- CreateIndex
CREATE INDEX "CallLaureate_callId_idx" ON "CallLaureate"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "Quartier_slug_key" ON "Quartier"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Quartier_idobj_key" ON "Quartier"("idobj");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");

-- CreateIndex
CREATE INDEX "Organisation_status_idx" ON "Organisation"("status");

-- CreateIndex
CREATE INDEX "Organisation_unclaimed_idx" ON "Organisation"("unclaimed");

-- CreateIndex
CREATE INDEX "Organisation_updatedAt_idx" ON "Organisation"("updatedAt");

-- CreateIndex
CREATE INDEX "OrganisationQuartier_quartierId_idx" ON "OrganisationQuartier"("quartierId");

-- CreateIndex
CREATE INDEX "OrganisationSubAxis_subAxisId_idx" ON "OrganisationSubAxis"("subAxisId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "UserToken_tokenHash_key" ON "UserToken"("tokenHash");

-- CreateIndex
CREATE INDEX "UserToken_userId_kind_idx" ON "UserToken"("userId", "kind");

-- CreateIndex
CREATE INDEX "Membership_organisationId_idx" ON "Membership"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_organisationId_idx" ON "Invitation"("organisationId");

-- CreateIndex
CREATE INDEX "Offer_organisationId_idx" ON "Offer"("organisationId");

-- CreateIndex
CREATE INDEX "Offer_status_idx" ON "Offer"("status");

-- CreateIndex
CREATE INDEX "Offer_validUntil_idx" ON "Offer"("validUntil");

-- CreateIndex
CREATE INDEX "Offer_updatedAt_idx" ON "Offer"("updatedAt");

-- CreateIndex
CREATE INDEX "ContactMessage_organisationId_idx" ON "ContactMessage"("organisationId");

-- CreateIndex
CREATE INDEX "ModerationDecision_entityType_entityId_idx" ON "ModerationDecision"("entityType", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "Idea_slug_key" ON "Idea"("slug");

-- CreateIndex
CREATE INDEX "Idea_organisationId_idx" ON "Idea"("organisationId");

-- CreateIndex
CREATE INDEX "Idea_status_idx" ON "Idea"("status");

-- CreateIndex
CREATE INDEX "IdeaCode_kind_code_idx" ON "IdeaCode"("kind", "code");

-- CreateIndex
CREATE INDEX "Interest_ideaId_idx" ON "Interest"("ideaId");

-- CreateIndex
CREATE INDEX "Interest_organisationId_idx" ON "Interest"("organisationId");

-- CreateIndex
CREATE INDEX "Notification_userId_mailedAt_idx" ON "Notification"("userId", "mailedAt");

-- CreateIndex
CREATE INDEX "Notification_mailQueuedAt_mailedAt_idx" ON "Notification"("mailQueuedAt", "mailedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Report_openKey_key" ON "Report"("openKey");

-- CreateIndex
CREATE INDEX "Report_resolvedAt_idx" ON "Report"("resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Groupement_ideaId_key" ON "Groupement"("ideaId");

-- CreateIndex
CREATE INDEX "GroupementMember_organisationId_idx" ON "GroupementMember"("organisationId");

-- CreateIndex
CREATE INDEX "GroupementChange_groupementId_idx" ON "GroupementChange"("groupementId");

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
CREATE INDEX "SearchOutbox_doneAt_nextAttemptAt_idx" ON "SearchOutbox"("doneAt", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "SavedSearch_userId_queryKey_key" ON "SavedSearch"("userId", "queryKey");

-- CreateIndex
CREATE INDEX "AlertWork_doneAt_claimedAt_idx" ON "AlertWork"("doneAt", "claimedAt");

-- CreateIndex
CREATE INDEX "AlertWork_entityType_entityId_idx" ON "AlertWork"("entityType", "entityId");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_notificationId_key" ON "AlertDelivery"("notificationId");

-- CreateIndex
CREATE INDEX "AlertDelivery_savedSearchId_createdAt_idx" ON "AlertDelivery"("savedSearchId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_userId_entityType_entityId_key" ON "AlertDelivery"("userId", "entityType", "entityId");

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

-- CreateIndex
CREATE INDEX "RegisterEntry_organisationId_idx" ON "RegisterEntry"("organisationId");

-- CreateIndex
CREATE INDEX "RegisterEntry_source_lastImportId_idx" ON "RegisterEntry"("source", "lastImportId");

-- CreateIndex
CREATE INDEX "RegisterEntry_quartierId_idx" ON "RegisterEntry"("quartierId");

-- CreateIndex
CREATE INDEX "RegisterEntry_siret_idx" ON "RegisterEntry"("siret");

-- CreateIndex
CREATE UNIQUE INDEX "RegisterEntry_source_registerId_key" ON "RegisterEntry"("source", "registerId");

-- CreateIndex
CREATE INDEX "RegisterImport_source_startedAt_idx" ON "RegisterImport"("source", "startedAt");

-- CreateIndex
CREATE INDEX "RegisterImport_status_idx" ON "RegisterImport"("status");

-- AddForeignKey
ALTER TABLE "CallAxis" ADD CONSTRAINT "CallAxis_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallSubAxis" ADD CONSTRAINT "CallSubAxis_axisId_fkey" FOREIGN KEY ("axisId") REFERENCES "CallAxis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallSubAxisAction" ADD CONSTRAINT "CallSubAxisAction_subAxisId_fkey" FOREIGN KEY ("subAxisId") REFERENCES "CallSubAxis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallEvent" ADD CONSTRAINT "CallEvent_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallExpenseCategory" ADD CONSTRAINT "CallExpenseCategory_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallDocument" ADD CONSTRAINT "CallDocument_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallPrerequisite" ADD CONSTRAINT "CallPrerequisite_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallFaq" ADD CONSTRAINT "CallFaq_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallCriterion" ADD CONSTRAINT "CallCriterion_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PastLaureate" ADD CONSTRAINT "PastLaureate_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallLaureate" ADD CONSTRAINT "CallLaureate_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_homeQuartierId_fkey" FOREIGN KEY ("homeQuartierId") REFERENCES "Quartier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationQuartier" ADD CONSTRAINT "OrganisationQuartier_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationQuartier" ADD CONSTRAINT "OrganisationQuartier_quartierId_fkey" FOREIGN KEY ("quartierId") REFERENCES "Quartier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationSubAxis" ADD CONSTRAINT "OrganisationSubAxis_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationSubAxis" ADD CONSTRAINT "OrganisationSubAxis_subAxisId_fkey" FOREIGN KEY ("subAxisId") REFERENCES "CallSubAxis"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganisationResource" ADD CONSTRAINT "OrganisationResource_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserToken" ADD CONSTRAINT "UserToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_quartierId_fkey" FOREIGN KEY ("quartierId") REFERENCES "Quartier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferSlot" ADD CONSTRAINT "OfferSlot_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactMessage" ADD CONSTRAINT "ContactMessage_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Idea" ADD CONSTRAINT "Idea_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Idea" ADD CONSTRAINT "Idea_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IdeaCode" ADD CONSTRAINT "IdeaCode_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "Idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interest" ADD CONSTRAINT "Interest_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "Idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interest" ADD CONSTRAINT "Interest_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CandidateMember" ADD CONSTRAINT "CandidateMember_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "Idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CandidateMember" ADD CONSTRAINT "CandidateMember_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Groupement" ADD CONSTRAINT "Groupement_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "Idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Groupement" ADD CONSTRAINT "Groupement_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupementMember" ADD CONSTRAINT "GroupementMember_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupementMember" ADD CONSTRAINT "GroupementMember_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupementChange" ADD CONSTRAINT "GroupementChange_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationDismissal" ADD CONSTRAINT "RecommendationDismissal_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "Idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationDismissal" ADD CONSTRAINT "RecommendationDismissal_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationDismissal" ADD CONSTRAINT "RecommendationDismissal_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterestInvitation" ADD CONSTRAINT "InterestInvitation_ideaId_fkey" FOREIGN KEY ("ideaId") REFERENCES "Idea"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterestInvitation" ADD CONSTRAINT "InterestInvitation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterestInvitation" ADD CONSTRAINT "InterestInvitation_senderOrganisationId_fkey" FOREIGN KEY ("senderOrganisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedSearch" ADD CONSTRAINT "SavedSearch_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertSetting" ADD CONSTRAINT "AlertSetting_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_savedSearchId_fkey" FOREIGN KEY ("savedSearchId") REFERENCES "SavedSearch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_notificationId_fkey" FOREIGN KEY ("notificationId") REFERENCES "Notification"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupementReviewer" ADD CONSTRAINT "GroupementReviewer_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupementNote" ADD CONSTRAINT "GroupementNote_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupementScore" ADD CONSTRAINT "GroupementScore_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupementQuestion" ADD CONSTRAINT "GroupementQuestion_groupementId_fkey" FOREIGN KEY ("groupementId") REFERENCES "Groupement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegisterEntry" ADD CONSTRAINT "RegisterEntry_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegisterEntry" ADD CONSTRAINT "RegisterEntry_quartierId_fkey" FOREIGN KEY ("quartierId") REFERENCES "Quartier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

