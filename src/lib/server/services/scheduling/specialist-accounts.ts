/**
 * A specialist's sign-in account and their profile (the Acuity calendar or built-in schedule whose
 * appointments they see): linked by an admin, or on accepting an invitation made for the profile.
 * An account is linked to at most one profile and a profile to at most one account (unique column).
 * Access follows the link at once: the specialist's scope is read through it on every request.
 */
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import {
	clearSpecialistAccount,
	lockSpecialistLink,
	setSpecialistAccount,
	specialistLinkedTo,
	unlinkedSpecialistAccounts as unlinkedAccounts
} from '../../repositories/specialists.repository';
import { findUserRole } from '../../repositories/users.repository';
import { recordGranted } from '../audit/audit';

/** Specialist accounts not linked to any profile yet: what the link form offers. */
export async function unlinkedSpecialistAccounts(app: App) {
	return unlinkedAccounts(app.database.db);
}

/** Link inside a transaction (the invitation's acceptance uses it too). */
export async function linkInTx(tx: Executor, specialistId: string, userId: string): Promise<void> {
	const role = await findUserRole(tx, userId);
	if (role !== 'specialist') throw new AppError('BAD_REQUEST', 'Choose an account invited as a specialist.', 'userId');
	const s = await lockSpecialistLink(tx, specialistId);
	if (!s) throw new AppError('NOT_FOUND', 'No such specialist.');
	if (s.userId && s.userId !== userId)
		throw new AppError('CONFLICT', 'This profile is already linked to another account. Unlink it first.', 'userId');
	const other = await specialistLinkedTo(tx, userId);
	if (other && other.id !== specialistId) throw new AppError('CONFLICT', `That account is already linked to ${other.name}.`, 'userId');
	await setSpecialistAccount(tx, specialistId, userId);
}

export async function linkAccount(app: App, who: Actor, specialistId: string, userId: string) {
	await app.database.db.transaction(async (tx) => {
		await linkInTx(tx, specialistId, userId);
		await recordGranted(tx, who, 'specialist.link_account', 'specialist', specialistId, { userId, linked: true });
	});
	return { id: specialistId };
}

export async function unlinkAccount(app: App, who: Actor, specialistId: string) {
	await app.database.db.transaction(async (tx) => {
		if (!(await clearSpecialistAccount(tx, specialistId))) throw new AppError('NOT_FOUND', 'No such specialist.');
		await recordGranted(tx, who, 'specialist.link_account', 'specialist', specialistId, { linked: false });
	});
	return { id: specialistId };
}
