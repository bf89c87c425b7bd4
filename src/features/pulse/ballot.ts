/**
 * Ballot tokens: how a pulse round knows someone has answered without knowing who. A token is an
 * HMAC of the member and what they answered, under the round's random secret. While the round is
 * open the secret lets Hearth refuse a second answer and remind those who have not answered;
 * when the round closes the secret is erased, and a token can no longer be tied to anyone, not
 * even by whoever holds the database (short of a copy of it taken while the round was open).
 */
import { createHmac, randomBytes } from 'node:crypto';

export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

export function ballotToken(secret: string, memberId: string, what: string): string {
  return createHmac('sha256', secret).update(`${memberId}\u0000${what}`).digest('hex');
}

/** The ballot that counts a person once per round, whatever they answered. */
export const roundBallot = (secret: string, memberId: string) => ballotToken(secret, memberId, 'round');
