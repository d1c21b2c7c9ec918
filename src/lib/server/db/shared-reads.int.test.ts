/**
 * Inside `sharingBookingReads` the same booking read (executor, scope, id) is made once; outside,
 * every read goes to the database. Runs on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { booking } from './schema';
import { seedDemo, DEMO_PASSWORD } from '../demo/seed';
import { scopeFor, type Scope } from '../auth/scope';
import { createTestApp, signIn, type TestApp } from '../testing/app';
import { insertBooking } from '../testing/bookings';
import { getForScope } from '../repositories/booking.repository';
import { sharingBookingReads } from './shared-reads';

let app: TestApp;
let id: string;
let referrer: Scope;
let rival: Scope;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	({
		booking: { id }
	} = await insertBooking(app, {
		ownerEmail: 'referrer@demo.test',
		specialistName: 'Dr Sam Specialist',
		startsAt: new Date(Date.UTC(2027, 2, 1, 22))
	}));
	referrer = scopeFor((await signIn(app, 'referrer@demo.test', DEMO_PASSWORD)).signedIn.caller);
	rival = scopeFor((await signIn(app, 'rival@demo.test', DEMO_PASSWORD)).signedIn.caller);
});
afterAll(() => app?.close());

/** Changes the row behind the reads' back: a read that sees the change went to the database. */
const setReference = (reference: string) => app.database.db.update(booking).set({ reference }).where(eq(booking.id, id));

describe('sharing booking reads', () => {
	it('reads a booking once inside, and every time outside', async () => {
		const db = app.database.db;
		const before = (await getForScope(db, referrer, id))!.reference;
		await sharingBookingReads(async () => {
			const first = await getForScope(db, referrer, id);
			await setReference('SHARED-1');
			const again = await getForScope(db, { ...referrer }, id);
			expect(first!.reference).toBe(before);
			expect(again!.reference).toBe(before);
			// Each caller gets its own copy.
			again!.reference = 'changed by a caller';
			expect((await getForScope(db, referrer, id))!.reference).toBe(before);
		});
		expect((await getForScope(db, referrer, id))!.reference).toBe('SHARED-1');
		await setReference(before);
	});

	it('keeps each scope its own read', async () => {
		const db = app.database.db;
		await sharingBookingReads(async () => {
			expect(await getForScope(db, referrer, id)).not.toBeNull();
			expect(await getForScope(db, rival, id)).toBeNull();
		});
	});

	it('keeps concurrent pages apart', async () => {
		const db = app.database.db;
		const before = (await getForScope(db, referrer, id))!.reference;
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		let readDone!: () => void;
		const read = new Promise<void>((resolve) => (readDone = resolve));
		const first = sharingBookingReads(async () => {
			const r = await getForScope(db, referrer, id);
			readDone();
			await held;
			// Still this page's own read, not the other page's.
			return [r!.reference, (await getForScope(db, referrer, id))!.reference];
		});
		await read;
		await setReference('SHARED-2');
		const second = await sharingBookingReads(async () => (await getForScope(db, referrer, id))!.reference);
		release();
		expect(await first).toEqual([before, before]);
		expect(second).toBe('SHARED-2');
		await setReference(before);
	});
});
