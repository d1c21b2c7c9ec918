/** Organisations, teams and memberships as admins edit them (shared by forms and procedures). */
import { z } from 'zod';

const ORG_ROLE_VALUES = ['owner', 'manager', 'team_lead', 'referrer'] as const;

export const organizationName = z.string().trim().min(2, 'Enter the organisation’s name.').max(120, 'Keep the name under 120 characters.');
export const teamName = z.string().trim().min(2, 'Enter the team’s name.').max(80, 'Keep the name under 80 characters.');

const checkbox = z.union([z.boolean(), z.enum(['on', 'true', 'false']).transform((v) => v !== 'false')]).optional();

export const organizationCreateSchema = z.object({ name: organizationName, require2fa: checkbox });
export const organizationUpdateSchema = z.object({
	id: z.string().uuid('No such organisation.'),
	name: organizationName,
	require2fa: checkbox.transform((v) => v ?? false),
	active: checkbox.transform((v) => v ?? false)
});
export const teamCreateSchema = z.object({ organizationId: z.string().uuid('No such organisation.'), name: teamName });
export const teamRenameSchema = z.object({ id: z.string().uuid('No such team.'), name: teamName });
export const teamRef = z.object({ id: z.string().uuid('No such team.') });
export const memberUpdateSchema = z.object({
	id: z.string().uuid('No such member.'),
	roles: z.array(z.enum(ORG_ROLE_VALUES, 'Choose a role.')).min(1, 'Choose at least one role.'),
	teamId: z
		.string()
		.uuid('Choose a team.')
		.or(z.literal('').transform(() => null))
		.nullable()
		.optional()
		.transform((v) => v ?? null)
});
export const memberRef = z.object({ id: z.string().uuid('No such member.') });
