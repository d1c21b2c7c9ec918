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
	organizationsPage,
	removeMember,
	renameTeam,
	updateMember,
	updateOrganization
} from '../../services/accounts/organizations';
import { adminProcedure, router } from '../../trpc';
import { badPageCursor } from '../admin/page';
import { pageInput } from '../admin/schemas';
import { organizationRef } from './schemas';

export const adminOrganizationsRouter = router({
	list: adminProcedure.query(({ ctx }) => listOrganizations(ctx.app)),
	/** Keyset pages by name (A to Z unless `dir` says otherwise). */
	page: adminProcedure
		.input(pageInput)
		.query(({ ctx, input }) => organizationsPage(ctx.app, { ...input, dir: input.dir ?? 'asc' }).catch(badPageCursor)),
	get: adminProcedure.input(organizationRef).query(({ ctx, input }) => organizationDetail(ctx.app, input.id)),
	create: adminProcedure.input(organizationCreateSchema).mutation(({ ctx, input }) => createOrganization(ctx.app, ctx.actor, input)),
	update: adminProcedure.input(organizationUpdateSchema).mutation(({ ctx, input }) => updateOrganization(ctx.app, ctx.actor, input)),
	createTeam: adminProcedure.input(teamCreateSchema).mutation(({ ctx, input }) => createTeam(ctx.app, ctx.actor, input)),
	renameTeam: adminProcedure.input(teamRenameSchema).mutation(({ ctx, input }) => renameTeam(ctx.app, ctx.actor, input)),
	deleteTeam: adminProcedure.input(teamRef).mutation(({ ctx, input }) => deleteTeam(ctx.app, ctx.actor, input.id)),
	updateMember: adminProcedure.input(memberUpdateSchema).mutation(({ ctx, input }) => updateMember(ctx.app, ctx.actor, input)),
	removeMember: adminProcedure.input(memberRef).mutation(({ ctx, input }) => removeMember(ctx.app, ctx.actor, input.id))
});
