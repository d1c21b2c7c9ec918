/**
 * One's own held time: back at the times (the browser's Back from the examinee step), a referrer
 * whose draft holds a time sees it among the free ones, and its date in the month, when they name
 * their draft. Nobody else does, not even by naming that draft's id; a lapsed hold is nobody's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appRouter } from '../_app';
import { createCallerFactory } from '../../trpc';
import { bookingDraft, slotHold } from '../../db/schema';
import type { SignedIn } from '../../auth/session';
import { heldTimeOf } from '../../services/booking/wizard';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { catalogueIdsOf, openForOneExamination } from '../../testing/bookings';

let app: TestApp;
const call = createCallerFactory(appRouter);
let me: ReturnType<typeof call>;
let rival: ReturnType<typeof call>;
let mine: SignedIn;
let theirs: SignedIn;
let specialistId: string;
let typeId: string;
const timeZone = 'Australia/Sydney';

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	const a = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
	const b = await signIn(app, 'rival@demo.test', DEMO_PASSWORD);
	me = call(localsOf(app, a.meta, a.signedIn));
	rival = call(localsOf(app, b.meta, b.signedIn));
	mine = a.signedIn;
	theirs = b.signedIn;
	({ specialistId, typeId } = await catalogueIdsOf(app, 'Dr Sam Specialist', 'File review'));
});
afterAll(() => app?.close());

const month = () =>
	new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date(Date.now() + 32 * 86_400_000));

describe("one's own held time", () => {
	it('is offered to its holder naming the draft, hidden from everyone else, and its only-time date kept in the month', async () => {
		const ref = { specialistId, appointmentTypeId: typeId, timeZone };
		const before = (await me.scheduling.dates({ ...ref, month: month() })).dates;
		expect(before.length).toBeGreaterThan(3);
		// The second date of the month opens for one examination only: holding it empties that date.
		const date = before[1]!;
		const reopen = await openForOneExamination(app, specialistId, typeId, date);
		const [only] = (await me.scheduling.times({ ...ref, date })).slots;
		expect(only).toBeDefined();

		const { draftId } = await me.wizard.start({});
		await me.wizard.choose({ draftId, appointmentTypeId: typeId, specialistId, startsAt: new Date(only!.startsAt) });

		// Named by its holder: the time and its date are there.
		expect((await me.scheduling.times({ ...ref, date, draftId })).slots.map((s) => s.startsAt)).toEqual([only!.startsAt]);
		expect((await me.scheduling.dates({ ...ref, month: month(), draftId })).dates).toEqual(before);
		// Without the draft, or by anyone else naming it, the time is held by someone: gone, and its date too.
		expect((await me.scheduling.times({ ...ref, date })).slots).toEqual([]);
		expect((await rival.scheduling.times({ ...ref, date, draftId })).slots).toEqual([]);
		expect((await rival.scheduling.dates({ ...ref, month: month(), draftId })).dates).toEqual(before.filter((d) => d !== date));
		// Another draft of the holder's own holds nothing there.
		const { draftId: other } = await me.wizard.start({});
		expect((await me.scheduling.times({ ...ref, date, draftId: other })).slots).toEqual([]);

		// Choosing it again keeps it (the hold is renewed, not refused as taken).
		await expect(
			me.wizard.choose({ draftId, appointmentTypeId: typeId, specialistId, startsAt: new Date(only!.startsAt) })
		).resolves.toMatchObject({ heldUntil: expect.any(Date) });

		// Once the hold has lapsed it is nobody's: free again for all.
		await app.database.db
			.update(slotHold)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(slotHold.holderKey, draftId));
		await app.scheduling.holdSpans.changed(specialistId);
		expect((await rival.scheduling.times({ ...ref, date })).slots.map((s) => s.startsAt)).toEqual([only!.startsAt]);

		await me.wizard.release({ draftId });
		await reopen();
	});

	it('tells a draft of the caller’s holding nothing from one that is gone or not theirs', async () => {
		const { draftId } = await me.wizard.start({});
		expect(await heldTimeOf(app, mine, draftId)).toEqual({ draftId, held: null });
		expect(await heldTimeOf(app, theirs, draftId)).toBeNull();
		expect(await heldTimeOf(app, mine, 'not-a-draft')).toBeNull();
		// Booked (the confirmation deletes its draft) or expired: gone.
		await app.database.db.delete(bookingDraft).where(eq(bookingDraft.id, draftId));
		expect(await heldTimeOf(app, mine, draftId)).toBeNull();
	});

	it('names a draft that is not a draft id in the field', async () => {
		const err = await me.scheduling
			.times({ specialistId, appointmentTypeId: typeId, timeZone, date: '2027-01-04', draftId: 'not-a-draft' })
			.catch((e: unknown) => e);
		expect(err).toMatchObject({ code: 'BAD_REQUEST' });
		expect(String((err as Error).message)).toContain('draftId');
	});
});
