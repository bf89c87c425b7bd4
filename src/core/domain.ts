import type { Locale } from './i18n/index.ts';

export type Role = 'agent' | 'supervisor' | 'leader' | 'admin';
export type Platform = 'playground' | 'slack' | 'teams';

export const roles: readonly Role[] = ['agent', 'supervisor', 'leader', 'admin'];

/** Rank for "at least" checks: an admin can do what a leader can, and so on down. */
const rank: Record<Role, number> = { agent: 0, supervisor: 1, leader: 2, admin: 3 };

export function hasRole(actual: Role, required: Role): boolean {
  return rank[actual] >= rank[required];
}

/** A weekly working pattern; `days` bit 0 is Monday; minutes after local midnight. */
export interface ShiftPattern {
  days: number;
  startMinute: number;
  endMinute: number;
}

export interface Member {
  id: string;
  orgId: string;
  name: string;
  email: string;
  role: Role;
  teamId: string | null;
  teamName: string | null;
  timezone: string;
  locale: Locale;
  active: boolean;
}

export interface Team {
  id: string;
  name: string;
  timezone: string | null;
}

export interface Organization {
  id: string;
  name: string;
  timezone: string;
  locale: Locale;
  /** ISO 4217, for go-Dutch bills. */
  currency: string;
}

/** Who sent an event, as the platform knows them. */
export interface PlatformUser {
  platform: Platform;
  /** Slack team id, Teams tenant id, or `local` for the playground. */
  workspace: string;
  userId: string;
  /** When the platform can tell; the roster is matched on it. */
  email?: string;
  displayName?: string;
}
