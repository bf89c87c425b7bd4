-- CreateTable
CREATE TABLE "PulseRound" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "openedOn" TEXT NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "questions" TEXT NOT NULL,
    "secret" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "invited" INTEGER NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "threshold" INTEGER NOT NULL DEFAULT 5,

    CONSTRAINT "PulseRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PulseBallot" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "token" TEXT NOT NULL,

    CONSTRAINT "PulseBallot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PulseAnswer" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "PulseAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PulseComment" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "PulseComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Suggestion" (
    "id" SERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT,
    "authorId" TEXT,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "receiptHash" TEXT,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "ownerId" TEXT,
    "dueDate" TEXT,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewedAt" TIMESTAMP(3),
    "adoptedAt" TIMESTAMP(3),
    "implementedAt" TIMESTAMP(3),
    "declinedAt" TIMESTAMP(3),

    CONSTRAINT "Suggestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OversightMember" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "addedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OversightMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Kudos" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "giverId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Kudos_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KudosRecipient" (
    "id" TEXT NOT NULL,
    "kudosId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KudosRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Points" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Points_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PulseRound_key_key" ON "PulseRound"("key");

-- CreateIndex
CREATE INDEX "PulseRound_teamId_status_idx" ON "PulseRound"("teamId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PulseBallot_roundId_token_key" ON "PulseBallot"("roundId", "token");

-- CreateIndex
CREATE INDEX "PulseAnswer_roundId_questionId_idx" ON "PulseAnswer"("roundId", "questionId");

-- CreateIndex
CREATE INDEX "PulseComment_roundId_idx" ON "PulseComment"("roundId");

-- CreateIndex
CREATE INDEX "Suggestion_orgId_createdAt_idx" ON "Suggestion"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "Suggestion_status_dueDate_idx" ON "Suggestion"("status", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "OversightMember_orgId_memberId_key" ON "OversightMember"("orgId", "memberId");

-- CreateIndex
CREATE INDEX "Kudos_orgId_createdAt_idx" ON "Kudos"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "Kudos_giverId_createdAt_idx" ON "Kudos"("giverId", "createdAt");

-- CreateIndex
CREATE INDEX "KudosRecipient_memberId_createdAt_idx" ON "KudosRecipient"("memberId", "createdAt");

-- CreateIndex
CREATE INDEX "Points_orgId_createdAt_idx" ON "Points"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Points_reason_ref_memberId_key" ON "Points"("reason", "ref", "memberId");

-- AddForeignKey
ALTER TABLE "PulseBallot" ADD CONSTRAINT "PulseBallot_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "PulseRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseAnswer" ADD CONSTRAINT "PulseAnswer_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "PulseRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PulseComment" ADD CONSTRAINT "PulseComment_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "PulseRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KudosRecipient" ADD CONSTRAINT "KudosRecipient_kudosId_fkey" FOREIGN KEY ("kudosId") REFERENCES "Kudos"("id") ON DELETE CASCADE ON UPDATE CASCADE;
