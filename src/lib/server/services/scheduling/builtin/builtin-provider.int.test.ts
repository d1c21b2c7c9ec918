/**
 * The built-in scheduler on a real database: availability from hours, holds and appointments,
 * idempotent create, and the database refusing overlaps even under concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appointmentType, specialist } from '../../../db/schema';
import { seedDemo } from '../../../demo/seed';
import { createTestApp, type TestApp } from '../../../testing/app';
import { BuiltinProvider } from './builtin-provider';
import { busyIntervalOf, localParts } from './availability';
import { placeHold } from '../holds';
import { insertAppointment } from '../../../repositories/appointments.repository';
import { testDbKind } from '../../../testing/db';
import { deadlocked as intoADeadlock, untilAWriteWaits } from '../../../testing/lock-waits';
import { lockSpecialistHolds, upsertHold } from '../../../repositories/holds.repository';

let app: TestApp;
let provider: BuiltinProvider;
let sam: typeof specialist.$inferSelect | undefined;
let ime: typeof appointmentType.$inferSelect | undefined;
// A fixed "now": Monday 2027-03-01 08:00 in Sydney.
const now = new Date('2027-02-28T21:00:00Z');
const client = { firstName: 'Test', lastName: 'Person', email: 'person@example.com' };

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	provider = new BuiltinProvider(app.database.db, app.cipher, () => now);
	[sam] = await app.database.db.select().from(specialist).where(eq(specialist.displayName, 'Dr Sam Specialist'));
	[ime] = await app.database.db.select().from(appointmentType).where(eq(appointmentType.name, 'IME — in person'));
});
afterAll(() => app.close());

const q = () => ({ calendarId: sam!.id, appointmentTypeId: ime!.id, timeZone: 'Australia/Sydney' });

describe('the built-in scheduler', () => {
	it('offers the weekly hours after the minimum notice, in 30-minute steps that fit before lunch and close', async () => {
		const slots = await provider.availableTimes({ ...q(), date: '2027-03-02' });
		const local = slots.map((s) => localParts(s.startsAt, 'Australia/Sydney').minute / 60);
		// 09:00–12:00 and 13:00–17:00, 60 minutes; padding may run past the end of a session.
		expect(local).toEqual([9, 9.5, 10, 10.5, 11, 13, 13.5, 14, 14.5, 15, 15.5, 16]);
		// Monday 1 March is inside the 24-hour notice.
		expect(await provider.availableTimes({ ...q(), date: '2027-03-01' })).toEqual([]);
		const dates = await provider.availableDates({ ...q(), month: '2027-03' });
		expect(dates[0]).toBe('2027-03-02');
		expect(dates).not.toContain('2027-03-06'); // a Saturday
	});

	it('closes the public holidays of Australia and of the specialist’s state, but not another state’s', async () => {
		const dates = await provider.availableDates({ ...q(), month: '2027-03' });
		expect(dates).toContain('2027-03-25');
		expect(dates).not.toContain('2027-03-26'); // Good Friday
		expect(dates).not.toContain('2027-03-29'); // Easter Monday
		expect(dates).toContain('2027-03-08'); // Labour Day in Victoria only; Sam is in NSW
		expect(await provider.availableTimes({ ...q(), date: '2027-03-26' })).toEqual([]);
	});

	it('reads dates in the user’s zone: a Perth user sees Sydney’s 9:00 as 6:00 the same day', async () => {
		const perth = await provider.availableTimes({ ...q(), timeZone: 'Australia/Perth', date: '2027-03-02' });
		expect(localParts(perth[0]!.startsAt, 'Australia/Perth').minute).toBe(6 * 60);
		expect(perth[0]!.timeZone).toBe('Australia/Sydney');
	});

	it('creates once per idempotency key and removes the time (and its padding) from availability', async () => {
		const startsAt = new Date('2027-03-02T22:00:00Z'); // 09:00 Sydney on 3 March
		const [a, b] = await Promise.all([
			provider.create({ ...q(), startsAt, client, idempotencyKey: 'key-aaaaaaaa-1' }),
			provider.create({ ...q(), startsAt, client, idempotencyKey: 'key-aaaaaaaa-1' })
		]);
		expect(a.id).toBe(b.id);
		const left = (await provider.availableTimes({ ...q(), date: '2027-03-03' })).map(
			(s) => localParts(s.startsAt, 'Australia/Sydney').minute / 60
		);
		expect(left).not.toContain(9);
		expect(left).not.toContain(9.5); // 09:30–10:30 would overlap 09:00–10:15
		expect(left).toContain(10.5);
		expect((await provider.get(a.id))?.client.lastName).toBe('Person');
	});

	it('lets exactly one of many concurrent bookings of overlapping times succeed', async () => {
		const base = new Date('2027-03-03T02:00:00Z'); // 13:00 Sydney on 3 March
		const attempts = await Promise.allSettled(
			Array.from({ length: 12 }, (_, i) =>
				provider.create({
					...q(),
					startsAt: new Date(base.getTime() + (i % 2) * 30 * 60_000),
					client,
					idempotencyKey: `race-key-${i}-xxxxxxxx`
				})
			)
		);
		const ok = attempts.filter((r) => r.status === 'fulfilled');
		expect(ok).toHaveLength(1);
		for (const r of attempts) if (r.status === 'rejected') expect(r.reason).toMatchObject({ kind: 'slot_unavailable' });
	});

	it('hides a held time from everyone but its holder, until the hold expires', async () => {
		const startsAt = new Date('2027-03-03T23:00:00Z'); // 10:00 Sydney on 4 March
		await placeHold(
			app.database.db,
			{ holderKey: 'draft-1', specialistId: sam!.id, appointmentTypeId: ime!.id, startsAt, ttlSeconds: 600 },
			now
		);
		const others = await provider.availableTimes({ ...q(), date: '2027-03-04' });
		expect(others.map((s) => s.startsAt.getTime())).not.toContain(startsAt.getTime());
		const mine = await provider.availableTimes({ ...q(), date: '2027-03-04', holderKey: 'draft-1' });
		expect(mine.map((s) => s.startsAt.getTime())).toContain(startsAt.getTime());
		await expect(
			placeHold(app.database.db, { holderKey: 'draft-2', specialistId: sam!.id, appointmentTypeId: ime!.id, startsAt }, now)
		).rejects.toMatchObject({ kind: 'slot_unavailable' });
		await expect(provider.create({ ...q(), startsAt, client, idempotencyKey: 'other-person-1' })).rejects.toMatchObject({
			kind: 'slot_unavailable'
		});
		const booked = await provider.create({ ...q(), startsAt, client, idempotencyKey: 'holder-books-1', holderKey: 'draft-1' });
		expect(booked.startsAt.getTime()).toBe(startsAt.getTime());
		const later = new Date(now.getTime() + 11 * 60_000);
		const afterExpiry = new BuiltinProvider(app.database.db, app.cipher, () => later);
		await placeHold(
			app.database.db,
			{
				holderKey: 'draft-3',
				specialistId: sam!.id,
				appointmentTypeId: ime!.id,
				startsAt: new Date('2027-03-04T03:00:00Z'),
				ttlSeconds: 600
			},
			now
		);
		expect((await afterExpiry.availableTimes({ ...q(), date: '2027-03-04' })).map((s) => s.startsAt.toISOString())).toContain(
			'2027-03-04T03:00:00.000Z'
		);
	});

	it('moves and cancels, freeing the old time', async () => {
		const first = await provider.create({ ...q(), startsAt: new Date('2027-03-08T22:00:00Z'), client, idempotencyKey: 'move-me-0001' });
		const moved = await provider.reschedule(first.id, { startsAt: new Date('2027-03-09T03:00:00Z') });
		expect(moved.startsAt.toISOString()).toBe('2027-03-09T03:00:00.000Z');
		const times = (await provider.availableTimes({ ...q(), date: '2027-03-09' })).map((s) => s.startsAt.toISOString());
		expect(times).toContain('2027-03-08T22:00:00.000Z');
		const cancelled = await provider.cancel(first.id);
		expect(cancelled.canceled).toBe(true);
		expect(
			(await provider.list({ from: new Date('2027-03-09T00:00:00Z'), to: new Date('2027-03-10T00:00:00Z') })).map((a) => a.id)
		).not.toContain(first.id);
		await expect(provider.reschedule(first.id, { startsAt: new Date('2027-03-09T05:00:00Z') })).rejects.toMatchObject({
			kind: 'invalid_input'
		});
	});

	it('refuses a time outside the hours', async () => {
		await expect(
			provider.create({ ...q(), startsAt: new Date('2027-03-02T09:00:00Z'), client, idempotencyKey: 'night-time-1' })
		).rejects.toMatchObject({
			kind: 'slot_unavailable'
		});
		expect(await provider.checkTime({ ...q(), startsAt: new Date('2027-03-02T09:00:00Z') })).toEqual({
			valid: false,
			reason: 'not_available'
		});
	});
});

/**
 * Two overlapping writes that arrive together can each wait for the other under the no-overlap
 * constraint; PostgreSQL then aborts one as a deadlock (40P01). Here the deadlock is made on purpose:
 * another transaction holds an uncommitted appointment just before the time (the provider's write
 * waits for it), then writes one just after (it waits for the provider's write). The provider's
 * write, waiting first, is the one aborted; it must be retried, not answered with an error.
 */
describe.skipIf(testDbKind() !== 'postgres')('the built-in scheduler chosen as a deadlock’s victim', () => {
	const other = (startsAt: Date, key: string) => {
		const id = crypto.randomUUID();
		const endsAt = new Date(startsAt.getTime() + ime!.durationMinutes * 60_000);
		return {
			id,
			provider: 'builtin',
			providerAppointmentId: id,
			specialistId: sam!.id,
			appointmentTypeId: ime!.id,
			startsAt,
			endsAt,
			busyFrom: new Date(startsAt.getTime() - ime!.paddingBeforeMinutes * 60_000),
			busyTo: new Date(endsAt.getTime() + ime!.paddingAfterMinutes * 60_000),
			idempotencyKey: key,
			clientEncrypted: app.cipher.encrypt(JSON.stringify(client), 'appointment-client')
		};
	};

	/** Runs `write` (a booking of `at`) into a deadlock with another transaction, which then rolls back. */
	async function deadlocked<T>(at: Date, write: () => Promise<T>) {
		const { waited, result } = await intoADeadlock(
			app.database.db,
			(tx, which) =>
				which === 'first'
					? insertAppointment(tx, other(new Date(at.getTime() - 60 * 60_000), `before-${at.getTime()}`))
					: insertAppointment(tx, other(new Date(at.getTime() + 60 * 60_000), `after-${at.getTime()}`)),
			write
		);
		expect(waited).toEqual([true, true]);
		return result;
	}

	it('books the time once the other transaction has rolled back', async () => {
		const at = new Date('2027-03-08T23:00:00Z'); // 10:00 Sydney on 9 March
		const booked = await deadlocked(at, () => provider.create({ ...q(), startsAt: at, client, idempotencyKey: 'deadlock-victim-1' }));
		expect(booked.startsAt.getTime()).toBe(at.getTime());
	});

	/**
	 * Starts `write` (of `at`) while this test holds the specialist's lock, sees it wait there, and
	 * meanwhile writes someone else's hold on `at` (as placeHold does, under the lock): `write`'s
	 * answer, which must come from checking the time again under the lock.
	 */
	async function behindTheLock(at: Date, holderKey: string, write: () => Promise<unknown>) {
		let attempt: Promise<unknown> | undefined;
		await app.database.db.transaction(async (tx) => {
			await lockSpecialistHolds(tx, sam!.id);
			attempt = write();
			attempt.catch(() => undefined);
			expect(await untilAWriteWaits(app.database.db)).toBe(true);
			const busy = busyIntervalOf(at, ime!.durationMinutes, ime!.paddingBeforeMinutes, ime!.paddingAfterMinutes);
			await upsertHold(tx, {
				holderKey,
				specialistId: sam!.id,
				appointmentTypeId: ime!.id,
				startsAt: at,
				busyFrom: busy.start,
				busyTo: busy.end,
				expiresAt: new Date(now.getTime() + 10 * 60_000)
			});
		});
		return attempt!;
	}

	it('writes one specialist’s appointments one at a time, under their holds’ lock, and checks the time again under it', async () => {
		// Overlapping confirmations that each waited for the other inside the no-overlap constraint
		// aborted one another a second at a time, for minutes under load: they now queue on the lock.
		const at = new Date('2027-03-10T22:00:00Z'); // 09:00 Sydney on 11 March
		const create = behindTheLock(at, 'someone-else-behind-the-lock', () =>
			provider.create({ ...q(), startsAt: at, client, idempotencyKey: 'behind-the-lock-1' })
		);
		await expect(create).rejects.toMatchObject({ kind: 'slot_unavailable' });
	});

	it('moves an appointment under the same lock, checking the new time again there', async () => {
		const made = await provider.create({ ...q(), startsAt: new Date('2027-03-11T03:00:00Z'), client, idempotencyKey: 'move-behind-1' });
		const at = new Date('2027-03-11T23:00:00Z'); // 10:00 Sydney on 12 March
		const move = behindTheLock(at, 'someone-else-behind-the-lock-2', () => provider.reschedule(made.id, { startsAt: at }));
		await expect(move).rejects.toMatchObject({ kind: 'slot_unavailable' });
		expect((await provider.get(made.id))?.startsAt.toISOString()).toBe('2027-03-11T03:00:00.000Z');
	});

	it('moves an appointment once the other transaction has rolled back', async () => {
		const made = await provider.create({ ...q(), startsAt: new Date('2027-03-10T02:00:00Z'), client, idempotencyKey: 'deadlock-move-1' });
		const at = new Date('2027-03-09T03:00:00Z'); // 14:00 Sydney on 9 March
		const moved = await deadlocked(at, () => provider.reschedule(made.id, { startsAt: at }));
		expect(moved.startsAt.getTime()).toBe(at.getTime());
	});
});
