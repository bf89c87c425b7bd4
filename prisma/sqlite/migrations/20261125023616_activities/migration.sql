-- AlterTable
ALTER TABLE "Team" ADD COLUMN "breakWindows" TEXT;
ALTER TABLE "Team" ADD COLUMN "quietHours" TEXT;

-- CreateTable
CREATE TABLE "LunchMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheduleId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "pausedUntil" TEXT,
    "skipNext" BOOLEAN NOT NULL DEFAULT false,
    "ignored" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LunchAvoid" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "memberId" TEXT NOT NULL,
    "avoidId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LunchRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "groupSize" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'inviting',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LunchRsvp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "answer" TEXT NOT NULL DEFAULT 'pending',
    "groupNo" INTEGER,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LunchRsvp_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "LunchRound" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RotationTurn" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Gathering" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT,
    "title" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "time" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "place" TEXT,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "createdBy" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "totalMinor" INTEGER,
    "paidBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "GatheringRsvp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "gatheringId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "GatheringRsvp_gatheringId_fkey" FOREIGN KEY ("gatheringId") REFERENCES "Gathering" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GatheringShare" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "gatheringId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "paid" BOOLEAN NOT NULL DEFAULT false,
    "paidAt" DATETIME,
    CONSTRAINT "GatheringShare_gatheringId_fkey" FOREIGN KEY ("gatheringId") REFERENCES "Gathering" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Organization" ("createdAt", "id", "locale", "name", "timezone") SELECT "createdAt", "id", "locale", "name", "timezone" FROM "Organization";
DROP TABLE "Organization";
ALTER TABLE "new_Organization" RENAME TO "Organization";
CREATE TABLE "new_Occurrence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "scheduleId" TEXT,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME,
    "result" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "Occurrence_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Occurrence" ("attempts", "createdAt", "dueAt", "finishedAt", "id", "key", "leaseUntil", "result", "scheduleId", "status") SELECT "attempts", "createdAt", "dueAt", "finishedAt", "id", "key", "leaseUntil", "result", "scheduleId", "status" FROM "Occurrence";
DROP TABLE "Occurrence";
ALTER TABLE "new_Occurrence" RENAME TO "Occurrence";
CREATE UNIQUE INDEX "Occurrence_key_key" ON "Occurrence"("key");
CREATE INDEX "Occurrence_status_dueAt_idx" ON "Occurrence"("status", "dueAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
