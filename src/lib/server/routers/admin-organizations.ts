/** Organisations, teams and memberships (admins). Thin: parse, call the service, answer. */
import {
	memberRef,
	memberUpdateSchema,
	organizationCreateSchema,
	organizationUpdateSchema,
	teamCreateSchema,
	teamRef,
	teamRenameSchema
} from '../../schemas/organization';
import { z } from 'zod';
import { actorOf } from '../services/accounts/request-meta';
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
} from '../services/accounts/organizations';
import { adminProcedure, router, type Context } from '../trpc';
import type { SignedIn } from '../auth/session';

const who = (ctx: Context & { signedIn: SignedIn }) => actorOf(ctx.meta, ctx.signedIn.user.id, ctx.signedIn.impersonatedBy);

export const adminOrganizationsRouter = router({
	list: adminProcedure.query(({ ctx }) => listOrganizations(ctx.app)),
	get: adminProcedure
		.input(z.object({ id: z.string().uuid('No such organisation.') }).strict())
		.query(({ ctx, input }) => organizationDetail(ctx.app, input.id)),
	create: adminProcedure.input(organizationCreateSchema).mutation(({ ctx, input }) => createOrganization(ctx.app, who(ctx), input)),
	update: adminProcedure.input(organizationUpdateSchema).mutation(({ ctx, input }) => updateOrganization(ctx.app, who(ctx), input)),
	createTeam: adminProcedure.input(teamCreateSchema).mutation(({ ctx, input }) => createTeam(ctx.app, who(ctx), input)),
	renameTeam: adminProcedure.input(teamRenameSchema).mutation(({ ctx, input }) => renameTeam(ctx.app, who(ctx), input)),
	deleteTeam: adminProcedure.input(teamRef).mutation(({ ctx, input }) => deleteTeam(ctx.app, who(ctx), input.id)),
	updateMember: adminProcedure.input(memberUpdateSchema).mutation(({ ctx, input }) => updateMember(ctx.app, who(ctx), input)),
	removeMember: adminProcedure.input(memberRef).mutation(({ ctx, input }) => removeMember(ctx.app, who(ctx), input.id))
});
