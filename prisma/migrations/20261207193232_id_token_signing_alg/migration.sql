-- AlterTable
ALTER TABLE "oauth_clients" ADD COLUMN     "idTokenSigningAlg" TEXT NOT NULL DEFAULT 'RS256';

