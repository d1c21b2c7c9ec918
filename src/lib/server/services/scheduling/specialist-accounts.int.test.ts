/**
 * A specialist's account is linked to their profile by an admin or by accepting an invitation made
 * for it; the link gives them that profile's bookings at once; one account, one profile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, specialist } from '../../db/schema';
import { seedDemo } from '../../demo/seed';
import { actorById, createTestApp, type TestApp } from '../../testing/app';
import { insertBooking, userIdOf } from '../../testing/bookings';
import { getForScope } from '../../repositories/booking.repository';
import { acceptInvitation, createInvitation } from '../accounts/invitations';
import { linkAccount, unlinkAccount, unlinkedSpecialistAccounts } from './specialist-accounts';

let app: TestApp;
const admin = actorById('admin-test');

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app.close());

async function newProfile(name: string) {
	const [s] = await app.database.db.insert(specialist).values({ displayName: name, timeZone: 'Australia/Sydney' }).returning();
	return s!;
}

async function invitedSpecialist(email: string, specialistId?: string) {
	const { link } = await createInvitation(app, admin, { email, name: `Dr ${email}`, platformRole: 'specialist', specialistId });
	return acceptInvitation(app, actorById(null), link.split('/').pop()!, 'a-long-enough-password');
}

describe('specialist accounts', () => {
	it('are linked to the profile their invitation was made for', async () => {
		const profile = await newProfile('Dr Invited');
		const { userId } = await invitedSpecialist('invited@example.com', profile.id);
		const [s] = await app.database.db.select().from(specialist).where(eq(specialist.id, profile.id));
		expect(s!.userId).toBe(userId);
	});

	it('refuse an invitation for a profile that already has an account, naming the field', async () => {
		const [demo] = await app.database.db.select().from(specialist).where(eq(specialist.displayName, 'Dr Sam Specialist'));
		await expect(
			createInvitation(app, admin, { email: 'second@example.com', name: 'Dr Second', platformRole: 'specialist', specialistId: demo!.id })
		).rejects.toMatchObject({
			field: 'specialistId'
		});
	});

	it('see a profile’s bookings from the moment an admin links them, and not after unlinking', async () => {
		const { userId } = await invitedSpecialist('later@example.com');
		expect((await unlinkedSpecialistAccounts(app)).map((a) => a.id)).toContain(userId);
		const [demo] = await app.database.db.select().from(specialist).where(eq(specialist.displayName, 'Dr Sam Specialist'));
		const { booking } = await insertBooking(app, { ownerEmail: 'referrer@demo.test' });
		const scope = { kind: 'assigned', specialistUserId: userId } as const;
		expect(await getForScope(app.database.db, scope, booking.id)).toBeNull();
		await unlinkAccount(app, admin, demo!.id);
		await linkAccount(app, admin, demo!.id, userId);
		expect((await getForScope(app.database.db, scope, booking.id))?.id).toBe(booking.id);
		await unlinkAccount(app, admin, demo!.id);
		expect(await getForScope(app.database.db, scope, booking.id)).toBeNull();
		expect(await app.database.db.$count(auditLog, eq(auditLog.action, 'specialist.link_account'))).toBeGreaterThanOrEqual(3);
		// Back as the demo expects.
		await linkAccount(app, admin, demo!.id, await userIdOf(app, 'specialist@demo.test'));
	});

	it('link one account to one profile only, and only specialists', async () => {
		const a = await newProfile('Dr One');
		const b = await newProfile('Dr Two');
		const { userId } = await invitedSpecialist('one@example.com');
		await linkAccount(app, admin, a.id, userId);
		await expect(linkAccount(app, admin, b.id, userId)).rejects.toMatchObject({ code: 'CONFLICT', field: 'userId' });
		await expect(linkAccount(app, admin, b.id, await userIdOf(app, 'referrer@demo.test'))).rejects.toMatchObject({ field: 'userId' });
	});
});
