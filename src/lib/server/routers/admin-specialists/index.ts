/** Specialists (profile, built-in schedule, exam types offered) and exam types' labels (admins). */
import { appointmentTypeEditSchema, specialistProfileSchema } from '$lib/schemas/specialist';
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
} from '../../services/scheduling/specialist-admin';
import { linkAccount, unlinkAccount, unlinkedSpecialistAccounts } from '../../services/scheduling/specialist-accounts';
import { addLocation, editLocation, makePrimary, setLocationInUse } from '../../services/scheduling/locations';
import { adminProcedure, router } from '../../trpc';
import {
	addLocationInput,
	editLocationInput,
	linkAccountInput,
	locationRef,
	setLocationInUseInput,
	removeDateOverrideInput,
	setDateOverrideInput,
	setOfferedTypesInput,
	setWeeklyHoursInput,
	specialistRef,
	updateProfileInput
} from './schemas';

export const adminSpecialistsRouter = router({
	list: adminProcedure.query(({ ctx }) => listSpecialistsForAdmin(ctx.app)),
	get: adminProcedure.input(specialistRef).query(({ ctx, input }) => specialistForAdmin(ctx.app, input.id)),
	create: adminProcedure.input(specialistProfileSchema).mutation(({ ctx, input }) => createSpecialist(ctx.app, ctx.actor, input)),
	updateProfile: adminProcedure.input(updateProfileInput).mutation(({ ctx, input }) => updateSpecialistProfile(ctx.app, ctx.actor, input)),
	setWeeklyHours: adminProcedure.input(setWeeklyHoursInput).mutation(({ ctx, input }) => setWeeklyHours(ctx.app, ctx.actor, input)),
	setDateOverride: adminProcedure.input(setDateOverrideInput).mutation(({ ctx, input }) => setDateOverride(ctx.app, ctx.actor, input)),
	removeDateOverride: adminProcedure
		.input(removeDateOverrideInput)
		.mutation(({ ctx, input }) => removeDateOverride(ctx.app, ctx.actor, input)),
	setOfferedTypes: adminProcedure.input(setOfferedTypesInput).mutation(({ ctx, input }) => setOfferedTypes(ctx.app, ctx.actor, input)),
	accounts: adminProcedure.query(({ ctx }) => unlinkedSpecialistAccounts(ctx.app)),
	linkAccount: adminProcedure.input(linkAccountInput).mutation(({ ctx, input }) => linkAccount(ctx.app, ctx.actor, input.id, input.userId)),
	unlinkAccount: adminProcedure.input(specialistRef).mutation(({ ctx, input }) => unlinkAccount(ctx.app, ctx.actor, input.id)),
	addLocation: adminProcedure
		.input(addLocationInput)
		.mutation(({ ctx, input: { id, ...fields } }) => addLocation(ctx.app, ctx.actor, id, fields)),
	editLocation: adminProcedure
		.input(editLocationInput)
		.mutation(({ ctx, input: { id, locationId, ...fields } }) => editLocation(ctx.app, ctx.actor, id, locationId, fields)),
	setLocationInUse: adminProcedure
		.input(setLocationInUseInput)
		.mutation(({ ctx, input }) => setLocationInUse(ctx.app, ctx.actor, input.id, input.locationId, input.active)),
	makePrimaryLocation: adminProcedure
		.input(locationRef)
		.mutation(({ ctx, input }) => makePrimary(ctx.app, ctx.actor, input.id, input.locationId)),
	types: adminProcedure.query(({ ctx }) => listAppointmentTypesForAdmin(ctx.app)),
	updateType: adminProcedure.input(appointmentTypeEditSchema).mutation(({ ctx, input }) => updateAppointmentType(ctx.app, ctx.actor, input))
});
