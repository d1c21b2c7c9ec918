/** Organisation roles in words, without any schema library (pages show them). */
export const ORG_ROLE_LABELS = { owner: 'Owner', manager: 'Manager', team_lead: 'Team lead', referrer: 'Referrer' } as const;
