-- CreateTable
CREATE TABLE "ProfileClaim" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "email" TEXT,
    "tokenHash" TEXT,
    "tokenExpiresAt" TIMESTAMP(3),
    "proofConfirmedAt" TIMESTAMP(3),
    "documentKind" TEXT,
    "documentFile" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "reason" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,
    "pendingKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProfileClaim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProfileClaim_tokenHash_key" ON "ProfileClaim"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "ProfileClaim_pendingKey_key" ON "ProfileClaim"("pendingKey");

-- CreateIndex
CREATE INDEX "ProfileClaim_organisationId_status_idx" ON "ProfileClaim"("organisationId", "status");

-- CreateIndex
CREATE INDEX "ProfileClaim_status_createdAt_idx" ON "ProfileClaim"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ProfileClaim_userId_idx" ON "ProfileClaim"("userId");

-- AddForeignKey
ALTER TABLE "ProfileClaim" ADD CONSTRAINT "ProfileClaim_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProfileClaim" ADD CONSTRAINT "ProfileClaim_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

