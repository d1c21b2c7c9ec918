/**
 * /organisation: an organisation's owners and managers look after their own people. Thin: parse,
 * name the organisation the session works in (never one from the input), call the service.
 * Team leads and referrers get 403 (audited) from the guard.
 */
import {
	orgInviteSchema,
	orgMemberActiveSchema,
	orgMemberUpdateSchema,
	orgTeamCreateSchema,
	orgTeamRenameSchema
} from '$lib/schemas/my-organisation';
import { AppError } from '../../errors';
import {
	createOrganisationTeam,
	inviteToOrganisation,
	organisationOverview,
	renameOrganisationTeam,
	setOrganisationMemberActive,
	updateOrganisationMember,
	type OrgManager
} from '../../services/accounts/my-organisation';
import type { Caller } from '../../auth/scope';
import { roleProcedure, router } from '../../trpc';

const orgManagerProcedure = roleProcedure('owner', 'manager');

/** The organisation the session works in, and the caller's roles there. */
function managerOf(caller: Caller): OrgManager {
	if (!caller.organizationId) throw new AppError('FORBIDDEN', 'Your role does not allow this.');
	return { organizationId: caller.organizationId, userId: caller.userId, roles: caller.orgRoles };
}

export const myOrganisationRouter = router({
	overview: orgManagerProcedure.query(({ ctx }) => organisationOverview(ctx.app, managerOf(ctx.signedIn.caller))),
	invite: orgManagerProcedure
		.input(orgInviteSchema)
		.mutation(({ ctx, input }) => inviteToOrganisation(ctx.app, ctx.actor, managerOf(ctx.signedIn.caller), input)),
	updateMember: orgManagerProcedure
		.input(orgMemberUpdateSchema)
		.mutation(({ ctx, input }) => updateOrganisationMember(ctx.app, ctx.actor, managerOf(ctx.signedIn.caller), input)),
	setMemberActive: orgManagerProcedure
		.input(orgMemberActiveSchema)
		.mutation(({ ctx, input }) => setOrganisationMemberActive(ctx.app, ctx.actor, managerOf(ctx.signedIn.caller), input)),
	createTeam: orgManagerProcedure
		.input(orgTeamCreateSchema)
		.mutation(({ ctx, input }) => createOrganisationTeam(ctx.app, ctx.actor, managerOf(ctx.signedIn.caller), input)),
	renameTeam: orgManagerProcedure
		.input(orgTeamRenameSchema)
		.mutation(({ ctx, input }) => renameOrganisationTeam(ctx.app, ctx.actor, managerOf(ctx.signedIn.caller), input))
});
