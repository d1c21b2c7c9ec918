/** Specialists (profile, built-in schedule, exam types offered) and exam types' labels (admins). */
import { z } from 'zod';
import { appointmentTypeEditSchema, dateOverrideSchema, specialistProfileSchema, weeklyHoursSchema } from '../../schemas/specialist';
import {
	createSpecialist,
	listAppointmentTypesForAdmin,
	listSpecialistsForAdmin,
	removeDateOverride,
	setDateOverride,
	setOfferedTypes,
	setWeeklyHours,
	specialistForAdmin,
	updateAppointmentType,
	updateSpecialistProfile
} from '../services/scheduling/specialist-admin';
import { linkAccount, unlinkAccount, unlinkedSpecialistAccounts } from '../services/scheduling/specialist-accounts';
import { adminProcedure, router } from '../trpc';

const id = z.string().uuid('No such specialist.');

export const adminSpecialistsRouter = router({
	list: adminProcedure.query(({ ctx }) => listSpecialistsForAdmin(ctx.app)),
	get: adminProcedure.input(z.object({ id }).strict()).query(({ ctx, input }) => specialistForAdmin(ctx.app, input.id)),
	create: adminProcedure.input(specialistProfileSchema).mutation(({ ctx, input }) => createSpecialist(ctx.app, ctx.actor, input)),
	updateProfile: adminProcedure
		.input(z.object({ id, profile: specialistProfileSchema }).strict())
		.mutation(({ ctx, input }) => updateSpecialistProfile(ctx.app, ctx.actor, input.id, input.profile)),
	setWeeklyHours: adminProcedure
		.input(weeklyHoursSchema.extend({ id }))
		.mutation(({ ctx, input }) => setWeeklyHours(ctx.app, ctx.actor, input.id, input.days)),
	setDateOverride: adminProcedure
		.input(dateOverrideSchema.extend({ id }))
		.mutation(({ ctx, input }) => setDateOverride(ctx.app, ctx.actor, input.id, input)),
	removeDateOverride: adminProcedure
		.input(z.object({ id, overrideId: z.string().uuid('No such date.') }).strict())
		.mutation(({ ctx, input }) => removeDateOverride(ctx.app, ctx.actor, input.id, input.overrideId)),
	setOfferedTypes: adminProcedure
		.input(z.object({ id, typeIds: z.array(z.string().uuid('Choose exam types from the list.')).max(100) }).strict())
		.mutation(({ ctx, input }) => setOfferedTypes(ctx.app, ctx.actor, input.id, input.typeIds)),
	accounts: adminProcedure.query(({ ctx }) => unlinkedSpecialistAccounts(ctx.app)),
	linkAccount: adminProcedure
		.input(z.object({ id, userId: z.uuid('Choose an account.') }).strict())
		.mutation(({ ctx, input }) => linkAccount(ctx.app, ctx.actor, input.id, input.userId)),
	unlinkAccount: adminProcedure.input(z.object({ id }).strict()).mutation(({ ctx, input }) => unlinkAccount(ctx.app, ctx.actor, input.id)),
	types: adminProcedure.query(({ ctx }) => listAppointmentTypesForAdmin(ctx.app)),
	updateType: adminProcedure.input(appointmentTypeEditSchema).mutation(({ ctx, input }) => updateAppointmentType(ctx.app, ctx.actor, input))
});
