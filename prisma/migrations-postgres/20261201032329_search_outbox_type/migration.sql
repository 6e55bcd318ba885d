-- CreateIndex
CREATE INDEX "SearchOutbox_entityType_id_idx" ON "SearchOutbox"("entityType", "id");

