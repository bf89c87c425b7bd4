-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "linkSecret" TEXT;
