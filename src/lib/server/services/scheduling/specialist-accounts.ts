/**
 * A specialist's sign-in account and their profile (the Acuity calendar or built-in schedule whose
 * appointments they see): linked by an admin, or on accepting an invitation made for the profile.
 * An account is linked to at most one profile and a profile to at most one account (unique column).
 * Access follows the link at once: the specialist's scope is read through it on every request.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { App } from '../../app';
import type { Executor } from '../../db/client';
import { specialist, user } from '../../db/schema';
import { AppError } from '../../errors';
import { recordAudit, type AuditActor } from '../audit/audit';

/** Specialist accounts not linked to any profile yet: what the link form offers. */
export async function unlinkedSpecialistAccounts(app: App) {
	return app.database.db
		.select({ id: user.id, name: user.name, email: user.email })
		.from(user)
		.leftJoin(specialist, eq(specialist.userId, user.id))
		.where(and(eq(user.role, 'specialist'), isNull(specialist.id)))
		.orderBy(asc(user.name))
		.limit(500);
}

/** Link inside a transaction (the invitation's acceptance uses it too). */
export async function linkInTx(tx: Executor, specialistId: string, userId: string): Promise<void> {
	const [u] = await tx.select({ role: user.role }).from(user).where(eq(user.id, userId)).limit(1);
	if (!u || u.role !== 'specialist') throw new AppError('BAD_REQUEST', 'Choose an account invited as a specialist.', 'userId');
	const [s] = await tx
		.select({ id: specialist.id, userId: specialist.userId })
		.from(specialist)
		.where(eq(specialist.id, specialistId))
		.limit(1)
		.for('update');
	if (!s) throw new AppError('NOT_FOUND', 'No such specialist.');
	if (s.userId && s.userId !== userId)
		throw new AppError('CONFLICT', 'This profile is already linked to another account. Unlink it first.', 'userId');
	const [other] = await tx
		.select({ id: specialist.id, name: specialist.displayName })
		.from(specialist)
		.where(eq(specialist.userId, userId))
		.limit(1);
	if (other && other.id !== specialistId) throw new AppError('CONFLICT', `That account is already linked to ${other.name}.`, 'userId');
	await tx.update(specialist).set({ userId }).where(eq(specialist.id, specialistId));
}

export async function linkAccount(app: App, who: AuditActor, specialistId: string, userId: string) {
	await app.database.db.transaction(async (tx) => {
		await linkInTx(tx, specialistId, userId);
		await recordAudit(tx, who, {
			action: 'specialist.link_account',
			outcome: 'granted',
			resourceType: 'specialist',
			resourceId: specialistId,
			details: { userId, linked: true }
		});
	});
	return { id: specialistId };
}

export async function unlinkAccount(app: App, who: AuditActor, specialistId: string) {
	await app.database.db.transaction(async (tx) => {
		const done = await tx.update(specialist).set({ userId: null }).where(eq(specialist.id, specialistId)).returning({ id: specialist.id });
		if (done.length === 0) throw new AppError('NOT_FOUND', 'No such specialist.');
		await recordAudit(tx, who, {
			action: 'specialist.link_account',
			outcome: 'granted',
			resourceType: 'specialist',
			resourceId: specialistId,
			details: { linked: false }
		});
	});
	return { id: specialistId };
}
