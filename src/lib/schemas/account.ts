import { z } from 'zod';

/** Shared by the forms and the procedures: the issues name the field the user must fix. */
export const email = z.string().trim().toLowerCase().max(254).email('Enter a valid email address.');
export const password = z.string().min(12, 'Use at least 12 characters.').max(128, 'Use at most 128 characters.');

export const signInSchema = z.object({ email, password: z.string().min(1, 'Enter your password.').max(128) });
export const secondFactorSchema = z.object({
	method: z.enum(['totp', 'otp', 'backup']),
	code: z.string().trim().min(6, 'Enter the code.').max(32)
});
export const forgotPasswordSchema = z.object({ email });
export const resetPasswordSchema = z
	.object({ token: z.string().min(10).max(200), password, confirm: z.string() })
	.refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' });
export const acceptInvitationSchema = z
	.object({ password, confirm: z.string() })
	.refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' });
export const changePasswordSchema = z
	.object({ currentPassword: z.string().min(1, 'Enter your current password.').max(128), password, confirm: z.string() })
	.refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' });

const emptyToNull = (v: unknown) => (v === '' ? null : v);

export { ORG_ROLE_LABELS } from '../role-labels';

export const invitationSchema = z
	.object({
		email,
		name: z.string().trim().min(1, 'Enter the person’s name.').max(120),
		platformRole: z.enum(['user', 'admin', 'specialist']),
		organizationId: z.preprocess(emptyToNull, z.string().uuid('Choose an organisation.').nullish()),
		// A form sends one checkbox as a string and several as a list.
		orgRoles: z.preprocess(
			(v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]),
			z.array(z.enum(['owner', 'manager', 'team_lead', 'referrer'], 'Choose roles from the list.')).max(4)
		),
		teamId: z.preprocess(emptyToNull, z.string().uuid('Choose a team from the list.').nullish()),
		/** A specialist's profile: the new account is linked to it on acceptance. */
		specialistId: z.preprocess(emptyToNull, z.string().uuid('Choose a specialist profile from the list.').nullish())
	})
	.strict()
	.superRefine((v, ctx) => {
		if (v.platformRole === 'user') {
			if (!v.organizationId) ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'Choose an organisation.' });
			if (v.orgRoles.length === 0) ctx.addIssue({ code: 'custom', path: ['orgRoles'], message: 'Choose at least one role.' });
		}
	});
