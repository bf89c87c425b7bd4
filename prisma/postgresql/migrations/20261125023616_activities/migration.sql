-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "currency" TEXT NOT NULL DEFAULT 'USD';

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "breakWindows" TEXT,
ADD COLUMN     "quietHours" TEXT;

-- AlterTable
ALTER TABLE "Occurrence" ADD COLUMN     "kind" TEXT NOT NULL,
ADD COLUMN     "orgId" TEXT NOT NULL,
ADD COLUMN     "payload" TEXT NOT NULL DEFAULT '{}',
ALTER COLUMN "scheduleId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "LunchMember" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "pausedUntil" TEXT,
    "skipNext" BOOLEAN NOT NULL DEFAULT false,
    "ignored" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LunchMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LunchAvoid" (
    "id" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "avoidId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LunchAvoid_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LunchRound" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "groupSize" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'inviting',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LunchRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LunchRsvp" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "answer" TEXT NOT NULL DEFAULT 'pending',
    "groupNo" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LunchRsvp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RotationTurn" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "learned" TEXT,
    "change" TEXT,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RotationTurn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Gathering" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT,
    "title" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "place" TEXT,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "createdBy" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "totalMinor" INTEGER,
    "paidBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Gathering_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatheringRsvp" (
    "id" TEXT NOT NULL,
    "gatheringId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GatheringRsvp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GatheringShare" (
    "id" TEXT NOT NULL,
    "gatheringId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "paid" BOOLEAN NOT NULL DEFAULT false,
    "paidAt" TIMESTAMP(3),

    CONSTRAINT "GatheringShare_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LunchMember_memberId_idx" ON "LunchMember"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "LunchMember_scheduleId_memberId_key" ON "LunchMember"("scheduleId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "LunchAvoid_memberId_avoidId_key" ON "LunchAvoid"("memberId", "avoidId");

-- CreateIndex
CREATE UNIQUE INDEX "LunchRound_key_key" ON "LunchRound"("key");

-- CreateIndex
CREATE INDEX "LunchRound_scheduleId_at_idx" ON "LunchRound"("scheduleId", "at");

-- CreateIndex
CREATE INDEX "LunchRsvp_memberId_idx" ON "LunchRsvp"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "LunchRsvp_roundId_memberId_key" ON "LunchRsvp"("roundId", "memberId");

-- CreateIndex
CREATE INDEX "RotationTurn_teamId_date_idx" ON "RotationTurn"("teamId", "date");

-- CreateIndex
CREATE INDEX "RotationTurn_memberId_idx" ON "RotationTurn"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "RotationTurn_teamId_kind_month_memberId_key" ON "RotationTurn"("teamId", "kind", "month", "memberId");

-- CreateIndex
CREATE INDEX "Gathering_orgId_at_idx" ON "Gathering"("orgId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "GatheringRsvp_gatheringId_memberId_key" ON "GatheringRsvp"("gatheringId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "GatheringShare_gatheringId_memberId_key" ON "GatheringShare"("gatheringId", "memberId");

-- AddForeignKey
ALTER TABLE "LunchRsvp" ADD CONSTRAINT "LunchRsvp_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "LunchRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GatheringRsvp" ADD CONSTRAINT "GatheringRsvp_gatheringId_fkey" FOREIGN KEY ("gatheringId") REFERENCES "Gathering"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GatheringShare" ADD CONSTRAINT "GatheringShare_gatheringId_fkey" FOREIGN KEY ("gatheringId") REFERENCES "Gathering"("id") ON DELETE CASCADE ON UPDATE CASCADE;
