-- AlterTable
ALTER TABLE "Quartier" ADD COLUMN "indicators" TEXT;

