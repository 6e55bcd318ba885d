-- AlterTable
ALTER TABLE "Call" ADD COLUMN "notifiedOnPublish" INTEGER;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "mailQueuedAt" DATETIME;

-- CreateTable
CREATE TABLE "CallLaureate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "leadName" TEXT NOT NULL,
    "subAxisCode" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "CallLaureate_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CallLaureate_callId_idx" ON "CallLaureate"("callId");

-- CreateIndex
CREATE INDEX "Notification_mailQueuedAt_mailedAt_idx" ON "Notification"("mailQueuedAt", "mailedAt");

