/** Organisations, teams and memberships (admins). Thin: parse, call the service, answer. */
import {
	memberRef,
	memberUpdateSchema,
	organizationCreateSchema,
	organizationUpdateSchema,
	teamCreateSchema,
	teamRef,
	teamRenameSchema
} from '$lib/schemas/organization';
import {
	createOrganization,
	createTeam,
	deleteTeam,
	listOrganizations,
	organizationDetail,
	removeMember,
	renameTeam,
	updateMember,
	updateOrganization
} from '../../services/accounts/organizations';
import { adminProcedure, router } from '../../trpc';
import { organizationRef } from './schemas';

export const adminOrganizationsRouter = router({
	list: adminProcedure.query(({ ctx }) => listOrganizations(ctx.app)),
	get: adminProcedure.input(organizationRef).query(({ ctx, input }) => organizationDetail(ctx.app, input.id)),
	create: adminProcedure.input(organizationCreateSchema).mutation(({ ctx, input }) => createOrganization(ctx.app, ctx.actor, input)),
	update: adminProcedure.input(organizationUpdateSchema).mutation(({ ctx, input }) => updateOrganization(ctx.app, ctx.actor, input)),
	createTeam: adminProcedure.input(teamCreateSchema).mutation(({ ctx, input }) => createTeam(ctx.app, ctx.actor, input)),
	renameTeam: adminProcedure.input(teamRenameSchema).mutation(({ ctx, input }) => renameTeam(ctx.app, ctx.actor, input)),
	deleteTeam: adminProcedure.input(teamRef).mutation(({ ctx, input }) => deleteTeam(ctx.app, ctx.actor, input.id)),
	updateMember: adminProcedure.input(memberUpdateSchema).mutation(({ ctx, input }) => updateMember(ctx.app, ctx.actor, input)),
	removeMember: adminProcedure.input(memberRef).mutation(({ ctx, input }) => removeMember(ctx.app, ctx.actor, input.id))
});
