-- AlterTable
ALTER TABLE "GroupementMember" ADD COLUMN "confirmedAt" DATETIME;
ALTER TABLE "GroupementMember" ADD COLUMN "confirmedByName" TEXT;

