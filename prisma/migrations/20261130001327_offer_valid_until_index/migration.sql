-- CreateIndex
CREATE INDEX "Offer_validUntil_idx" ON "Offer"("validUntil");

