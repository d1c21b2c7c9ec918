/**
 * What an organisation's owners and managers send from /organisation (forms and procedures
 * alike). Strict: an organisation, a platform role or anything else the server decides is refused,
 * never trusted.
 */
import { z } from 'zod';
import { email } from './account';
import { teamName } from './organization';

const ORG_ROLE_VALUES = ['owner', 'manager', 'team_lead', 'referrer'] as const;
const emptyToNull = (v: unknown) => (v === '' ? null : v);
/** A form sends one checkbox as a string and several as a list. */
const roleList = z.preprocess(
	(v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]),
	z
		.array(z.enum(ORG_ROLE_VALUES, 'Choose roles from the list.'))
		.min(1, 'Choose at least one role.')
		.max(4)
		.transform((r) => [...new Set(r)])
);
const teamId = z.preprocess(emptyToNull, z.string().uuid('Choose a team from the list.').nullish()).transform((v) => v ?? null);

/** Only our team creates admin and specialist accounts. */
export const PLATFORM_ROLE_REFUSED = 'Organisations invite people with organisation roles only. Ask us for an admin or specialist account.';

export const orgInviteSchema = z
	.object({
		email,
		name: z.string().trim().min(1, 'Enter the person’s name.').max(120, 'Keep the name under 120 characters.'),
		orgRoles: roleList,
		teamId,
		/** Always a referrer's account: anything else is refused, naming the field. */
		platformRole: z.literal('user', PLATFORM_ROLE_REFUSED).optional()
	})
	.strict();

export const orgMemberRef = z.object({ memberId: z.string().uuid('No such member.') }).strict();
export const orgMemberUpdateSchema = z.object({ memberId: z.string().uuid('No such member.'), roles: roleList, teamId }).strict();
export const orgMemberActiveSchema = z.object({ memberId: z.string().uuid('No such member.'), active: z.boolean() }).strict();
export const orgTeamCreateSchema = z.object({ name: teamName }).strict();
export const orgTeamRenameSchema = z.object({ teamId: z.string().uuid('No such team.'), name: teamName }).strict();
