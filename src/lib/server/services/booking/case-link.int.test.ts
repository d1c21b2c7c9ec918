/**
 * Booking from a case: the draft starts with the claimant as the examinee, only for a case in the
 * caller's scope (an admin books for the case's referrer); confirming puts the booking in the case
 * (checked again), touches it and writes its history. "Open a case" opens one from the examinee,
 * or joins the matching one instead of opening a duplicate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { appointmentType, auditLog, booking, caseHistory, claimCase, member, specialist } from '../../db/schema';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { userIdOf } from '../../testing/bookings';
import { insertCase } from '../../repositories/cases.repository';
import { membershipIn } from '../../repositories/case-links.repository';
import { claimNumberHash, newCaseReference, openClaimant, sealCaseDetails, sealClaimant } from '../cases/sealed';
import { nameTokens } from './examinee';
import type { Examinee } from '../../../schemas/booking';

let app: TestApp;
const call = createCallerFactory(appRouter);
let rachel: ReturnType<typeof call>;
let tom: ReturnType<typeof call>;
let rival: ReturnType<typeof call>;
let admin: ReturnType<typeof call>;
let rachelId: string;
let orgId: string;
let specialistId: string;
let typeId: string;
let times: Date[];
let next = 0;
const time = () => times[next++]!;

const claimant: Examinee = {
	givenNames: 'Mei Ling',
	familyName: 'Nguyen',
	dateOfBirth: '1979-04-12',
	phone: '0412 555 019',
	email: '',
	address: '8 Wattle Street, Parramatta NSW 2150',
	claimNumber: 'old-claim',
	dateOfInjury: '2026-02-03',
	interpreter: 'yes',
	language: 'Vietnamese',
	matterReference: ''
};

async function newCase(ownerId: string, status: 'open' | 'on_hold' | 'closed' = 'open') {
	const m = await membershipIn(app.database.db, ownerId, orgId);
	return insertCase(app.database.db, {
		reference: newCaseReference(),
		organizationId: orgId,
		teamId: m?.teamId ?? null,
		ownerUserId: ownerId,
		createdByUserId: ownerId,
		claimantEncrypted: sealClaimant(app.cipher, claimant),
		claimantNameTokens: nameTokens(app.cipher, claimant),
		claimNumberHash: claimNumberHash(app.cipher, 'WC 2026/0415'),
		detailsEncrypted: sealCaseDetails(app.cipher, {
			claimNumber: 'WC 2026/0415',
			insurer: 'icare NSW',
			matterReference: 'HL-2231',
			notes: ''
		}),
		scheme: 'nsw_workers_comp',
		status
	});
}

const caller = async (email: string) => {
	const s = await signIn(app, email, DEMO_PASSWORD);
	return call(localsOf(app, s.meta, s.signedIn));
};

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	rachel = await caller('referrer@demo.test');
	tom = await caller('teamlead@demo.test');
	rival = await caller('rival@demo.test');
	admin = await caller('admin@demo.test');
	rachelId = await userIdOf(app, 'referrer@demo.test');
	[{ organizationId: orgId }] = (await app.database.db
		.select({ organizationId: member.organizationId })
		.from(member)
		.where(eq(member.userId, rachelId))) as [{ organizationId: string }];
	[{ id: specialistId }] = (await app.database.db
		.select({ id: specialist.id })
		.from(specialist)
		.where(eq(specialist.displayName, 'Dr Priya Natarajan'))) as [{ id: string }];
	[{ id: typeId }] = (await app.database.db
		.select({ id: appointmentType.id })
		.from(appointmentType)
		.where(eq(appointmentType.name, 'File review'))) as [{ id: string }];
	// Later days than other tests use: a month out.
	const tz = 'Australia/Adelaide';
	times = [];
	for (const month of [new Date(Date.now() + 35 * 86_400_000), new Date(Date.now() + 66 * 86_400_000)].map((d) =>
		d.toISOString().slice(0, 7)
	)) {
		const { dates } = await rachel.scheduling.dates({ specialistId, appointmentTypeId: typeId, month, timeZone: tz });
		for (const date of dates.slice(-4)) {
			const { slots } = await rachel.scheduling.times({ specialistId, appointmentTypeId: typeId, date, timeZone: tz });
			times.push(...slots.slice(0, 3).map((s) => new Date(s.startsAt)));
		}
	}
	expect(times.length).toBeGreaterThanOrEqual(8);
});
afterAll(() => app.close());

async function book(who: ReturnType<typeof call>, draftId: string) {
	await who.wizard.choose({ draftId, appointmentTypeId: typeId, specialistId, startsAt: time() });
	return who.wizard.confirm({ draftId, acceptLateFee: true });
}

describe('booking from a case', () => {
	it('prefills the claimant, keeps the case in the draft and puts the booking in it', async () => {
		const c = await newCase(rachelId);
		const [before] = await app.database.db.select().from(claimCase).where(eq(claimCase.id, c.id));
		const { draftId } = await rachel.wizard.fromCase({ caseId: c.id });
		const draft = await rachel.wizard.get({ draftId });
		expect(draft.case).toEqual({ id: c.id, reference: c.reference, kind: 'chosen' });
		expect(draft.data.caseId).toBe(c.id);
		// The claimant, with the case's claim number and matter reference.
		expect(draft.data.examinee).toMatchObject({
			givenNames: 'Mei Ling',
			familyName: 'Nguyen',
			dateOfBirth: '1979-04-12',
			claimNumber: 'WC 2026/0415',
			matterReference: 'HL-2231'
		});
		const { bookingId } = await book(rachel, draftId);
		const [b] = await app.database.db.select().from(booking).where(eq(booking.id, bookingId));
		expect(b!.caseId).toBe(c.id);
		const history = await app.database.db.select().from(caseHistory).where(eq(caseHistory.caseId, c.id));
		expect(history).toEqual([expect.objectContaining({ action: 'case.booking_add', bookingId, actorUserId: rachelId })]);
		const [after] = await app.database.db.select().from(claimCase).where(eq(claimCase.id, c.id));
		expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());

		// A second examination of the same case.
		const second = await rachel.wizard.fromCase({ caseId: c.id });
		const { bookingId: other } = await book(rachel, second.draftId);
		const inCase = await app.database.db.select({ id: booking.id }).from(booking).where(eq(booking.caseId, c.id));
		expect(inCase.map((r) => r.id).sort()).toEqual([bookingId, other].sort());
	});

	it("refuses a case outside the caller's scope, and a closed one", async () => {
		const c = await newCase(rachelId);
		await expect(rival.wizard.fromCase({ caseId: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(rival.wizard.bookableCase({ caseId: c.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const closed = await newCase(rachelId, 'closed');
		await expect(rachel.wizard.fromCase({ caseId: closed.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		// The team lead sees the team's cases.
		await expect(tom.wizard.bookableCase({ caseId: c.id })).resolves.toMatchObject({ reference: c.reference });
	});

	it("an admin books for the case's responsible referrer", async () => {
		const c = await newCase(rachelId);
		const { draftId } = await admin.wizard.fromCase({ caseId: c.id });
		const draft = await admin.wizard.get({ draftId });
		expect(draft.forSomeoneElse).toBe(true);
		expect(draft.ownerName).toBe('Rachel Referrer');
		const { bookingId } = await book(admin, draftId);
		const [b] = await app.database.db.select().from(booking).where(eq(booking.id, bookingId));
		expect(b).toMatchObject({ caseId: c.id, ownerUserId: rachelId });
		const [h] = await app.database.db.select().from(caseHistory).where(eq(caseHistory.bookingId, bookingId));
		expect(h).toMatchObject({ action: 'case.booking_add', onBehalfOfUserId: rachelId });
	});

	it('checks the scope again at confirm', async () => {
		const c = await newCase(rachelId);
		const { draftId } = await rachel.wizard.fromCase({ caseId: c.id });
		await rachel.wizard.choose({ draftId, appointmentTypeId: typeId, specialistId, startsAt: time() });
		// The case moves to another referrer outside Rachel's reach (no team) before she confirms.
		const olivia = await userIdOf(app, 'owner@demo.test');
		await app.database.db.update(claimCase).set({ ownerUserId: olivia, teamId: null }).where(eq(claimCase.id, c.id));
		await expect(rachel.wizard.confirm({ draftId, acceptLateFee: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await app.database.db.select().from(booking).where(eq(booking.caseId, c.id))).toEqual([]);
	});
});

describe('opening a case on the way', () => {
	const walker: Examinee = {
		...claimant,
		givenNames: 'Daniel',
		familyName: 'Walker',
		dateOfBirth: '1968-09-30',
		claimNumber: 'CTP-88 1204',
		matterReference: 'HL-9001',
		interpreter: 'no',
		language: ''
	};

	async function bookWithExaminee(e: Examinee, openCase: boolean) {
		const { draftId } = await rachel.wizard.start({});
		await rachel.wizard.choose({ draftId, appointmentTypeId: typeId, specialistId, startsAt: time() });
		await rachel.wizard.details({ draftId, examinee: e, intake: {} });
		await rachel.wizard.caseChoice({ draftId, openCase });
		const draft = await rachel.wizard.get({ draftId });
		const { bookingId } = await rachel.wizard.confirm({ draftId, acceptLateFee: true });
		const [b] = await app.database.db.select().from(booking).where(eq(booking.id, bookingId));
		return { booking: b!, draft };
	}

	it('opens a case from the examinee, then adds the next booking with the same claim and name to it', async () => {
		const first = await bookWithExaminee(walker, true);
		expect(first.draft.case).toBeNull();
		expect(first.draft.openCase).toBe(true);
		expect(first.booking.caseId).toEqual(expect.any(String));
		const [c] = await app.database.db.select().from(claimCase).where(eq(claimCase.id, first.booking.caseId!));
		expect(c).toMatchObject({ ownerUserId: rachelId, claimNumberHash: claimNumberHash(app.cipher, 'ctp881204') });
		expect(openClaimant(app.cipher, c!.claimantEncrypted)).toMatchObject({ givenNames: 'Daniel', familyName: 'Walker' });
		const actions = await app.database.db
			.select({ action: caseHistory.action })
			.from(caseHistory)
			.where(eq(caseHistory.caseId, c!.id))
			.orderBy(caseHistory.at);
		expect(actions.map((a) => a.action).sort()).toEqual(['case.booking_add', 'case.create']);
		const audits = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'case.create'), eq(auditLog.resourceId, c!.id)));
		expect(audits).toHaveLength(1);
		expect(JSON.stringify(audits[0])).not.toMatch(/Walker|CTP-88/);

		// Same claim number written differently, same name in another case: the same case, no duplicate.
		const second = await bookWithExaminee({ ...walker, familyName: 'WALKER', claimNumber: 'ctp 881204' }, true);
		expect(second.draft.case).toEqual({ id: c!.id, reference: c!.reference, kind: 'match' });
		expect(second.booking.caseId).toBe(c!.id);
		const cases = await app.database.db
			.select({ id: claimCase.id })
			.from(claimCase)
			.where(and(eq(claimCase.organizationId, orgId), eq(claimCase.claimNumberHash, c!.claimNumberHash)));
		expect(cases).toHaveLength(1);
	});

	it('opens no case unless asked', async () => {
		const { booking: b } = await bookWithExaminee({ ...walker, givenNames: 'Nina', claimNumber: 'NO-CASE-1' }, false);
		expect(b.caseId).toBeNull();
	});
});
