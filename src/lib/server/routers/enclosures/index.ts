/**
 * Enclosure checklists: "not applicable" (with a reason) and its undo on one booking's item, for
 * admins and referrers in the booking's scope; the exam types' templates, for admins.
 */
import { z } from 'zod';
import { markNotApplicable, overdueExaminations, reopenEnclosure, saveTemplate, templateOfType } from '../../services/cases/enclosures';
import { adminProcedure, router, signedInProcedure } from '../../trpc';

const itemRef = z.object({ bookingId: z.string().max(64), enclosureId: z.string().uuid() });
const typeRef = z.object({ appointmentTypeId: z.string().uuid() });

export const enclosuresRouter = router({
	notApplicable: signedInProcedure
		.input(itemRef.extend({ reason: z.string().max(2000) }))
		.mutation(({ ctx, input }) =>
			markNotApplicable(ctx.app, ctx.actor, ctx.scope, input.bookingId, input.enclosureId, { reason: input.reason })
		),

	reopen: signedInProcedure
		.input(itemRef)
		.mutation(({ ctx, input }) => reopenEnclosure(ctx.app, ctx.actor, ctx.scope, input.bookingId, input.enclosureId)),

	/** The admin dashboard: examinations still to come with overdue items. */
	overdue: adminProcedure.query(({ ctx }) => overdueExaminations(ctx.app.database.db)),

	template: adminProcedure.input(typeRef).query(({ ctx, input }) => templateOfType(ctx.app.database.db, input.appointmentTypeId)),

	saveTemplate: adminProcedure
		.input(typeRef.extend({ items: z.array(z.unknown()).max(20) }))
		.mutation(({ ctx, input }) => saveTemplate(ctx.app, ctx.actor, input.appointmentTypeId, input.items))
});
