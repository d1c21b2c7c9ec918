/**
 * Fair holds: choosing a time holds it for ten minutes, one hold per booking being made. Without a
 * cap one firm could hold a specialist's whole day from a handful of drafts, renewing as they
 * expire; so each person, and each organisation, may hold only a few times at once (settings,
 * decision 012). Admins see every live hold and can let one go.
 */
import type { App } from '../../app';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import { liveHoldsOfPersonOrOrganization, liveHoldsWithNames, lockHoldsOf } from '../../repositories/holds.repository';
import type { Draft } from './drafts';

/**
 * Refuses a new hold for `draft` when its person or organisation already holds their share elsewhere.
 * Run inside the hold's own transaction (`scheduling.hold(…, admit)`): it first takes the person's
 * and the organisation's hold locks, so two holds chosen at once by one firm are counted one after
 * the other and the share is never passed, even by one.
 */
export async function assertHoldAllowed(
	app: App,
	exec: Executor,
	draft: Draft,
	bookingForOthers: boolean,
	now = new Date()
): Promise<void> {
	const { maxPerPerson, maxPerOrganization } = app.config.holds;
	await lockHoldsOf(exec, { userId: bookingForOthers ? null : draft.userId, organizationId: draft.organizationId });
	const rows = await liveHoldsOfPersonOrOrganization(exec, {
		userId: draft.userId,
		organizationId: draft.organizationId,
		exceptHolderKey: draft.id,
		now
	});
	const mine = rows.filter((r) => r.userId === draft.userId).length;
	const theirs = rows.filter((r) => r.organizationId === draft.organizationId).length;
	// Our staff book for many referrers in a day: only the organisation's share applies to them.
	if (!bookingForOthers && mine >= maxPerPerson)
		throw new AppError(
			'CONFLICT',
			`You are already holding ${mine === 1 ? 'a time' : `${mine} times`} in other bookings you have started. Finish one, or wait until it is let go (10 minutes after it was chosen), then choose this time.`,
			'startsAt'
		);
	if (theirs >= maxPerOrganization)
		throw new AppError(
			'CONFLICT',
			`Your organisation is already holding ${theirs} times in bookings being made. Please try again in a few minutes.`,
			'startsAt'
		);
}

/** Every live hold, soonest first: what an admin sees (no examinee data: drafts stay sealed). */
export async function liveHoldsForAdmin(app: App, now = new Date()) {
	return liveHoldsWithNames(app.database.db, now);
}
