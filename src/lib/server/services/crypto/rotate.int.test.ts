import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayContains, eq } from 'drizzle-orm';
import { booking, outbox } from '../../db/schema';
import { seedDemo } from '../../demo/seed';
import { createTestApp, type TestApp } from '../../testing/app';
import { insertBooking } from '../../testing/bookings';
import { openExaminee, searchTokens } from '../booking/examinee';
import { enqueue } from '../outbox/outbox';
import { Cipher, generateKey } from './cipher';
import { rotatePhi } from './rotate';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app.close());

describe('PHI key rotation', () => {
	it('re-seals every value with the new key, keeps it readable, and rebuilds the name index', async () => {
		const { booking: b } = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			examinee: { givenNames: 'Rotating', familyName: 'Keyholder' }
		});
		await enqueue(app.database.db, app.cipher, { channel: 'email', template: 'invitation', to: 'x@example.com', subject: 's', text: 't' });
		// The old cipher's key stays configured beside a new active one.
		const oldKeys = (app.cipher as unknown as { keys: Map<string, Buffer> }).keys;
		const keys = new Map(oldKeys);
		keys.set('k2', Buffer.from(generateKey(), 'base64'));
		const rotated = new Cipher(keys, 'k2');
		const report = await rotatePhi(app.database.db, rotated, 'k2');
		expect(report.booking).toBeGreaterThanOrEqual(1);
		const [after] = await app.database.db.select().from(booking).where(eq(booking.id, b.id));
		expect(rotated.keyIdOf(after!.examineeEncrypted)).toBe('k2');
		expect(openExaminee(rotated, after!.examineeEncrypted).familyName).toBe('Keyholder');
		const found = await app.database.db
			.select({ id: booking.id })
			.from(booking)
			.where(arrayContains(booking.examineeNameTokens, searchTokens(rotated, 'keyholder')));
		expect(found.map((f) => f.id)).toContain(b.id);
		const [msg] = await app.database.db.select().from(outbox).limit(1);
		expect(rotated.keyIdOf(msg!.payload)).toBe('k2');
		// Nothing left to do the second time.
		expect(Object.values(await rotatePhi(app.database.db, rotated, 'k2')).every((n) => n === 0)).toBe(true);
	});
});
