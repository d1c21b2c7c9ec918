/**
 * The grouping migration on 10,000 bookings: groups by organisation, claim number, claimant name
 * and date of birth (however the claim number and name were written); the newest booking gives the
 * claimant and the responsible referrer; bookings without a claim number stay alone; it runs once,
 * a second run does nothing, and its report holds counts, no PHI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { appointmentType, booking, caseHistory, claimCase, dataMigration, member, specialist } from '../../db/schema';
import { seedDemo } from '../../demo/seed';
import { createTestApp, type TestApp } from '../../testing/app';
import { userIdOf } from '../../testing/bookings';
import { nameTokens, sealExaminee, sealIntake } from '../booking/examinee';
import type { Examinee } from '../../../schemas/booking';
import { GROUP_BOOKINGS_MIGRATION, groupBookingsIntoCases, groupBookingsOnce } from './group-bookings';
import { claimNumberHash, openCaseDetails, openClaimant } from './sealed';

let app: TestApp;
const TOTAL = 10_000;
const GROUPS = 3000;
const FAMILY = ['Nguyen', 'Smith', 'Papadopoulos', 'Kaur', 'Williams', "O'Connor", 'Tran', 'Jones', 'Rossi', 'Chen'];
const GIVEN = ['Olivia', 'Jack', 'Zoë', 'Noah', 'Aisha', 'Wei', 'Liam', 'Grace', 'Mateo', 'Priya'];
let harbour: { org: string; team: string | null };
let southern: { org: string; team: string | null };
let rachel: string;
let tom: string;
let riley: string;

/** Group k's claimant, the claim number written one of three ways. */
function claimant(k: number, variant: number): Examinee {
	const n = String(k).padStart(6, '0');
	return {
		givenNames: variant === 1 ? GIVEN[k % 10]!.toUpperCase() : GIVEN[k % 10]!,
		familyName: `${FAMILY[Math.floor(k / 10) % 10]}-${Math.floor(k / 100)}`,
		dateOfBirth: `19${50 + (k % 50)}-0${1 + (k % 9)}-1${k % 10}`,
		phone: '0412 345 678',
		email: '',
		address: `${k} Example Street, Sydney NSW 2000`,
		claimNumber: [`WC-${n}`, `wc ${n}`, `Wc${n}/`][variant]!,
		dateOfInjury: '',
		interpreter: 'no',
		language: '',
		matterReference: `M-${k}`
	};
}

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	const db = app.database.db;
	rachel = await userIdOf(app, 'referrer@demo.test');
	tom = await userIdOf(app, 'teamlead@demo.test');
	riley = await userIdOf(app, 'rival@demo.test');
	const mem = async (u: string) => {
		const [m] = await db.select().from(member).where(eq(member.userId, u));
		return { org: m!.organizationId, team: m!.teamId };
	};
	harbour = await mem(rachel);
	southern = await mem(riley);
	const [s] = await db.select().from(specialist).limit(1);
	const [t] = await db.select().from(appointmentType).limit(1);
	const intake = sealIntake(app.cipher, {});
	const base = Date.UTC(2025, 0, 1);
	// 9,000 bookings in 3,000 groups of three, then 1,000 without a claim number.
	const rows: (typeof booking.$inferInsert)[] = [];
	for (let i = 0; i < TOTAL; i++) {
		const k = i % GROUPS;
		const variant = Math.floor(i / GROUPS);
		let e: Examinee;
		let owner = { user: rachel, ...harbour };
		if (i >= 3 * GROUPS) e = { ...claimant(i, 0), claimNumber: '' };
		else {
			e = claimant(k, variant);
			// Every 100th group's third booking is someone else with the same claim number (another
			// date of birth); the next group's third is in another organisation: both are cases of their own.
			if (variant === 2 && k % 100 === 0) e = { ...e, dateOfBirth: '2001-01-01' };
			if (variant === 2 && k % 100 === 1) owner = { user: riley, ...southern };
			// Group 7's newest booking is Tom's, with a new address.
			if (variant === 2 && k === 7) {
				owner = { user: tom, ...harbour };
				e = { ...e, address: '99 Newest Road, Newtown NSW 2042' };
			}
		}
		const startsAt = new Date(base + i * 3_600_000);
		rows.push({
			reference: `IME-G${i}`,
			organizationId: owner.org,
			teamId: owner.team,
			ownerUserId: owner.user,
			createdByUserId: owner.user,
			specialistId: s!.id,
			appointmentTypeId: t!.id,
			startsAt,
			endsAt: new Date(startsAt.getTime() + 3_600_000),
			clinicTimeZone: 'Australia/Sydney',
			// Group 3 is over: every booking closed.
			status: k === 3 && i < 3 * GROUPS ? 'closed' : 'active',
			examineeEncrypted: sealExaminee(app.cipher, e),
			intakeEncrypted: intake,
			examineeNameTokens: nameTokens(app.cipher, e),
			idempotencyKey: `group-test-${i}`,
			createdAt: new Date(base + i * 60_000)
		});
	}
	for (let i = 0; i < rows.length; i += 1000) await db.insert(booking).values(rows.slice(i, i + 1000));
}, 180_000);
afterAll(() => app.close());

describe('grouping bookings into cases', () => {
	it('makes one case per organisation, claim number, claimant and date of birth, once, with a report of counts', async () => {
		const db = app.database.db;
		const [{ n: before }] = (await db.select({ n: sql<number>`count(*)::int` }).from(booking)) as [{ n: number }];
		expect(before).toBe(TOTAL);

		const report = await groupBookingsOnce(app, { batchSize: 700 });
		// 3,000 groups, 30 split by date of birth and 30 by organisation.
		expect(report).toEqual({ casesCreated: 3060, bookingsGrouped: 9000, joinedExistingCases: 0, bookingsLeftAlone: 1000 });
		const [{ n: cases }] = (await db.select({ n: sql<number>`count(*)::int` }).from(claimCase)) as [{ n: number }];
		expect(cases).toBe(3060);
		expect(await db.select({ id: booking.id }).from(booking).where(isNull(booking.caseId))).toHaveLength(1000);
		const loose = await db.select({ r: booking.reference }).from(booking).where(isNull(booking.caseId));
		expect(loose.every((b) => Number(b.r.slice(5)) >= 3 * GROUPS)).toBe(true);

		// Group 7: three bookings, claimant and referrer from the newest (Tom's).
		const [g7] = await db.select({ caseId: booking.caseId }).from(booking).where(eq(booking.reference, 'IME-G7'));
		const members = await db.select({ r: booking.reference }).from(booking).where(eq(booking.caseId, g7!.caseId!));
		expect(members.map((m) => m.r).sort()).toEqual(['IME-G3007', 'IME-G6007', 'IME-G7']);
		const [c7] = await db.select().from(claimCase).where(eq(claimCase.id, g7!.caseId!));
		expect(c7).toMatchObject({
			ownerUserId: tom,
			organizationId: harbour.org,
			status: 'open',
			claimNumberHash: claimNumberHash(app.cipher, 'WC000007')
		});
		expect(openClaimant(app.cipher, c7!.claimantEncrypted)).toMatchObject({ address: '99 Newest Road, Newtown NSW 2042' });
		expect(openCaseDetails(app.cipher, c7!.detailsEncrypted)).toMatchObject({ claimNumber: 'Wc000007/', matterReference: 'M-7' });
		expect(await db.select().from(caseHistory).where(eq(caseHistory.caseId, c7!.id))).toEqual([
			expect.objectContaining({ action: 'case.create', actorUserId: 'system' })
		]);

		// Group 0's third booking (another date of birth) and group 1's (another organisation) are cases of their own.
		const caseOf = async (ref: string) => (await db.select({ c: booking.caseId }).from(booking).where(eq(booking.reference, ref)))[0]!.c;
		expect(await caseOf('IME-G6000')).not.toBe(await caseOf('IME-G0'));
		expect(await caseOf('IME-G3000')).toBe(await caseOf('IME-G0'));
		expect(await caseOf('IME-G6001')).not.toBe(await caseOf('IME-G1'));
		const [c1] = await db
			.select()
			.from(claimCase)
			.where(eq(claimCase.id, (await caseOf('IME-G6001'))!));
		expect(c1).toMatchObject({ organizationId: southern.org, ownerUserId: riley });
		// Every booking closed: a closed case.
		const [c3] = await db
			.select()
			.from(claimCase)
			.where(eq(claimCase.id, (await caseOf('IME-G3'))!));
		expect(c3!.status).toBe('closed');

		// Recorded once, counts only: no name, claim number or date of birth.
		const [row] = await db.select().from(dataMigration).where(eq(dataMigration.name, GROUP_BOOKINGS_MIGRATION));
		expect(JSON.parse(row!.report)).toEqual(report);
		expect(row!.report).toMatch(/^\{("[a-zA-Z]+":\d+,?)+\}$/);

		// A second run does nothing.
		await expect(groupBookingsOnce(app)).resolves.toBeNull();
		const [{ n: after }] = (await db.select({ n: sql<number>`count(*)::int` }).from(claimCase)) as [{ n: number }];
		expect(after).toBe(3060);
	}, 180_000);

	it('resumes an interrupted run: grouped bookings are skipped, a new booking joins its open case', async () => {
		const db = app.database.db;
		// As if the process died after some groups: run the grouping itself again.
		await expect(groupBookingsIntoCases(app)).resolves.toEqual({
			casesCreated: 0,
			bookingsGrouped: 0,
			joinedExistingCases: 0,
			bookingsLeftAlone: 1000
		});
		// One booking of group 8 let go of its case: the next run puts it back in the same case.
		const [g8] = await db.select().from(booking).where(eq(booking.reference, 'IME-G8'));
		await db.update(booking).set({ caseId: null }).where(eq(booking.id, g8!.id));
		await expect(groupBookingsIntoCases(app)).resolves.toMatchObject({ casesCreated: 0, bookingsGrouped: 1, joinedExistingCases: 1 });
		const [again] = await db.select({ caseId: booking.caseId }).from(booking).where(eq(booking.id, g8!.id));
		expect(again!.caseId).toBe(g8!.caseId);
		expect(
			await db
				.select()
				.from(booking)
				.where(and(isNotNull(booking.caseId), eq(booking.organizationId, southern.org)))
		).toHaveLength(30);
	}, 120_000);

	it('runs in one instance when two start at once', async () => {
		const db = app.database.db;
		await db.delete(dataMigration).where(eq(dataMigration.name, GROUP_BOOKINGS_MIGRATION));
		const runs = await Promise.all([groupBookingsOnce(app), groupBookingsOnce(app)]);
		expect(runs.filter((r) => r !== null)).toEqual([
			{ casesCreated: 0, bookingsGrouped: 0, joinedExistingCases: 0, bookingsLeftAlone: 1000 }
		]);
		expect(await db.select().from(dataMigration).where(eq(dataMigration.name, GROUP_BOOKINGS_MIGRATION))).toHaveLength(1);
	}, 120_000);
});
