/**
 * Changing specialist, examination or time lets the held time go at once: someone else can take it
 * straight away, and what was typed stays in the draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appRouter } from '../_app';
import { createCallerFactory } from '../../trpc';
import { appointmentType, specialist } from '../../db/schema';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';

let app: TestApp;
const call = createCallerFactory(appRouter);
let rachel: ReturnType<typeof call>;
let rival: ReturnType<typeof call>;
let specialistId: string;
let typeId: string;
let startsAt: Date;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	const a = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
	rachel = call(localsOf(app, a.meta, a.signedIn));
	const b = await signIn(app, 'rival@demo.test', DEMO_PASSWORD);
	rival = call(localsOf(app, b.meta, b.signedIn));
	[{ id: specialistId }] = (await app.database.db
		.select({ id: specialist.id })
		.from(specialist)
		.where(eq(specialist.displayName, 'Dr Priya Natarajan'))) as [{ id: string }];
	[{ id: typeId }] = (await app.database.db
		.select({ id: appointmentType.id })
		.from(appointmentType)
		.where(eq(appointmentType.name, 'File review'))) as [{ id: string }];
	const month = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 7);
	const { dates } = await rachel.scheduling.dates({ specialistId, appointmentTypeId: typeId, month, timeZone: 'Australia/Adelaide' });
	const { slots } = await rachel.scheduling.times({
		specialistId,
		appointmentTypeId: typeId,
		date: dates[0]!,
		timeZone: 'Australia/Adelaide'
	});
	startsAt = new Date(slots[0]!.startsAt);
});
afterAll(() => app.close());

describe('wizard.release', () => {
	it('frees the held time at once and keeps the typing', async () => {
		const { draftId } = await rachel.wizard.start({});
		await rachel.wizard.choose({ draftId, appointmentTypeId: typeId, specialistId, startsAt });
		await rachel.wizard.keep({ draftId, examinee: { givenNames: 'Quentin' }, intake: {} });

		const other = (await rival.wizard.start({})).draftId;
		await expect(rival.wizard.choose({ draftId: other, appointmentTypeId: typeId, specialistId, startsAt })).rejects.toMatchObject({
			code: 'CONFLICT'
		});

		await expect(rachel.wizard.release({ draftId })).resolves.toEqual({ released: true });
		await expect(rival.wizard.choose({ draftId: other, appointmentTypeId: typeId, specialistId, startsAt })).resolves.toMatchObject({
			heldUntil: expect.any(Date)
		});

		const draft = await rachel.wizard.get({ draftId });
		expect(draft.data.startsAt).toBeUndefined();
		expect(draft.data.examinee).toMatchObject({ givenNames: 'Quentin' });
		expect(draft.type?.id).toBe(typeId);
		expect(draft.specialist?.id).toBe(specialistId);
	});

	it("answers someone else's draft as a missing one", async () => {
		const { draftId } = await rachel.wizard.start({});
		await expect(rival.wizard.release({ draftId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
