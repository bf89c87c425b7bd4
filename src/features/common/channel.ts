/** `Support A` → `support-a`: a team's channel name, as Slack would accept it. */
export function channelName(team: string): string {
  return team.toLowerCase().normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 80) || 'team';
}

/** Where organisation-wide announcements go. */
export const generalChannel = 'general';
