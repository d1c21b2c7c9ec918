/**
 * Booking lists by scope, filter and keyset page; counts by stage; the month calendar in a zone.
 * Runs on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { booking, specialist, type BookingStage } from '../db/schema';
import { eq } from 'drizzle-orm';
import { seedDemo, DEMO_PASSWORD, type DemoUser } from '../demo/seed';
import { scopeFor, type Scope } from '../auth/scope';
import { createTestApp, signIn, type TestApp } from '../testing/app';
import { insertBooking } from '../testing/bookings';
import { searchTokens } from '../services/booking/examinee';
import {
	calendarMonth,
	countByStage,
	countForScope,
	InvalidCursorError,
	listForScope,
	type BookingListFilters,
	type BookingListSort,
	type SortDir
} from './booking.repository';

const EXTRA: DemoUser[] = [
	{
		email: 'motor@demo.test',
		name: 'Mo Motor',
		role: 'user',
		org: 'harbour-legal',
		team: 'Motor accidents',
		orgRoles: ['referrer'],
		home: '/bookings'
	}
];
const OWNERS = ['owner@demo.test', 'teamlead@demo.test', 'referrer@demo.test', 'motor@demo.test', 'rival@demo.test'] as const;
const SPECIALISTS = ['Dr Sam Specialist', 'Dr Mei Chen', 'Dr Priya Natarajan'] as const;
const STAGES: BookingStage[] = ['scheduled', 'report_in_progress', 'cancelled', 'rescheduled', 'paid', 'report_ready', 'no_show'];
const NAMES: Record<number, { givenNames: string; familyName: string }> = {
	0: { givenNames: 'Zoë', familyName: "O'Brien" },
	1: { givenNames: 'José María', familyName: 'García' },
	2: { givenNames: 'Jane', familyName: 'Smith' },
	3: { givenNames: 'Jane', familyName: 'Smithers' }
};
const BASE = Date.UTC(2027, 2, 1, 22, 0); // 2 March 2027, 9:00 am in Sydney

interface Made {
	id: string;
	owner: (typeof OWNERS)[number];
	specialistName: string;
	stage: BookingStage;
	status: string;
	startsAt: Date;
}

let app: TestApp;
const made: Made[] = [];
const scopes = new Map<string, Scope>();
let specialistIds: Record<string, string>;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app, EXTRA);
	// 36 bookings: three share each start time (one per specialist), so ties are broken by id.
	for (let i = 0; i < 36; i++) {
		const stage = STAGES[i % STAGES.length]!;
		const status = stage === 'cancelled' || stage === 'paid' ? 'closed' : i % 11 === 10 ? 'archived' : 'active';
		const owner = OWNERS[i % OWNERS.length]!;
		const specialistName = SPECIALISTS[i % 3]!;
		const startsAt = new Date(BASE + Math.floor(i / 3) * 86_400_000);
		const { booking: b } = await insertBooking(app, { ownerEmail: owner, specialistName, stage, status, startsAt, examinee: NAMES[i] });
		made.push({ id: b.id, owner, specialistName, stage, status, startsAt });
	}
	for (const email of ['admin@demo.test', 'specialist@demo.test', ...OWNERS]) {
		const { signedIn } = await signIn(app, email, DEMO_PASSWORD);
		scopes.set(email, scopeFor(signedIn.caller));
	}
	const rows = await app.database.db.select({ id: specialist.id, name: specialist.displayName }).from(specialist);
	specialistIds = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});
afterAll(() => app?.close());

/** Every page of a list, in order, with the given page size. */
async function everyPage(scope: Scope, filters: BookingListFilters, size = 4) {
	const ids: string[] = [];
	let cursor: string | null = null;
	let pages = 0;
	do {
		const page = await listForScope(app.database.db, scope, filters, cursor, size);
		expect(page.rows.length).toBeLessThanOrEqual(size);
		ids.push(...page.rows.map((r) => r.id));
		cursor = page.nextCursor;
		if (++pages > 100) throw new Error('pagination does not end');
	} while (cursor);
	return ids;
}

const scope = (email: string) => scopes.get(email)!;
const idsWhere = (pred: (m: Made) => boolean) =>
	made
		.filter(pred)
		.map((m) => m.id)
		.sort();
const all = { status: 'all' } as const;

describe('who sees which bookings', () => {
	it('gives the owner every booking of the organisation and nothing of another', async () => {
		expect((await everyPage(scope('owner@demo.test'), all)).sort()).toEqual(idsWhere((m) => m.owner !== 'rival@demo.test'));
	});

	it("gives a team lead their team's bookings and their own, not another team's", async () => {
		const seen = (await everyPage(scope('teamlead@demo.test'), all)).sort();
		expect(seen).toEqual(idsWhere((m) => m.owner === 'teamlead@demo.test' || m.owner === 'referrer@demo.test'));
	});

	it('gives a referrer their own bookings only', async () => {
		expect((await everyPage(scope('referrer@demo.test'), all)).sort()).toEqual(idsWhere((m) => m.owner === 'referrer@demo.test'));
	});

	it('gives a specialist the appointments with them, from every organisation', async () => {
		expect((await everyPage(scope('specialist@demo.test'), all)).sort()).toEqual(idsWhere((m) => m.specialistName === 'Dr Sam Specialist'));
	});

	it('gives another organisation none of these, and an admin all', async () => {
		expect((await everyPage(scope('rival@demo.test'), all)).sort()).toEqual(idsWhere((m) => m.owner === 'rival@demo.test'));
		expect((await everyPage(scope('admin@demo.test'), all)).sort()).toEqual(idsWhere(() => true));
		expect(await everyPage({ kind: 'none' }, all)).toEqual([]);
	});
});

describe('filters', () => {
	const admin = () => scope('admin@demo.test');

	it('shows active bookings by default, closed ones on request, and archived ones only under "all"', async () => {
		expect((await everyPage(admin(), {})).sort()).toEqual(idsWhere((m) => m.status === 'active'));
		expect((await everyPage(admin(), { status: 'closed' })).sort()).toEqual(idsWhere((m) => m.status === 'closed'));
		expect(made.some((m) => m.status === 'archived')).toBe(true);
	});

	it('narrows to the chosen specialists and stages', async () => {
		const chosen = [specialistIds['Dr Mei Chen']!, specialistIds['Dr Priya Natarajan']!];
		expect((await everyPage(admin(), { ...all, specialistIds: chosen })).sort()).toEqual(
			idsWhere((m) => m.specialistName !== 'Dr Sam Specialist')
		);
		expect((await everyPage(admin(), { ...all, stages: ['report_in_progress', 'no_show'] })).sort()).toEqual(
			idsWhere((m) => m.stage === 'report_in_progress' || m.stage === 'no_show')
		);
	});

	it('answers the same through the prepared query of a shape as through a query built per call', async () => {
		// More than five specialists is a shape built per call; the extra ids match nobody.
		const chosen = [specialistIds['Dr Sam Specialist']!, specialistIds['Dr Mei Chen']!];
		const nobody = [
			'0f0e0d0c-0b0a-4908-8706-050403020100',
			'1f0e0d0c-0b0a-4908-8706-050403020101',
			'2f0e0d0c-0b0a-4908-8706-050403020102',
			'3f0e0d0c-0b0a-4908-8706-050403020103'
		];
		const startsFrom = new Date(BASE + 86_400_000);
		for (const [who, sort, dir] of [
			['admin@demo.test', 'startsAt', 'asc'],
			['owner@demo.test', 'status', 'desc'],
			['teamlead@demo.test', 'startsAt', 'desc'],
			['specialist@demo.test', 'status', 'asc']
		] as const) {
			const filters: BookingListFilters = { status: 'all', startsFrom, sort, dir };
			const prepared = await everyPage(scope(who), { ...filters, specialistIds: chosen }, 3);
			const perCall = await everyPage(scope(who), { ...filters, specialistIds: [...chosen, ...nobody] }, 3);
			expect(prepared.length).toBeGreaterThan(0);
			expect(perCall).toEqual(prepared);
		}
	});

	it('keeps a date range inclusive at its start and exclusive at its end', async () => {
		const startsFrom = new Date(BASE + 2 * 86_400_000);
		const startsBefore = new Date(BASE + 5 * 86_400_000);
		const seen = (await everyPage(admin(), { ...all, startsFrom, startsBefore })).sort();
		expect(seen).toEqual(idsWhere((m) => m.startsAt >= startsFrom && m.startsAt < startsBefore));
		expect(seen).toHaveLength(9);
	});

	it('finds an examinee by whole words of the name, whatever the case and accents, in any order', async () => {
		const find = async (q: string) => everyPage(admin(), { ...all, examineeTokens: searchTokens(app.cipher, q) });
		expect(await find('zoe')).toEqual([made[0]!.id]);
		expect(await find("ZOË o'brien")).toEqual([made[0]!.id]);
		expect(await find('OBrien')).toEqual([made[0]!.id]);
		expect(await find('garcia jose')).toEqual([made[1]!.id]);
		expect(await find('JOSÉ MARÍA GARCÍA')).toEqual([made[1]!.id]);
		expect((await find('jane')).sort()).toEqual([made[2]!.id, made[3]!.id].sort());
		expect(await find('jane smith')).toEqual([made[2]!.id]);
	});

	it('does not match part of a word: the blind index holds whole words only', async () => {
		const find = async (q: string) => everyPage(admin(), { ...all, examineeTokens: searchTokens(app.cipher, q) });
		expect(await find('smi')).toEqual([]);
		expect(await find('jan')).toEqual([]);
		expect(await find('zoe smith')).toEqual([]);
		// A search of no words at all matches nothing rather than everything.
		expect(await find('!!!')).toEqual([]);
	});

	it('counts what a filtered list holds', async () => {
		expect(await countForScope(app.database.db, scope('referrer@demo.test'), all)).toBe(
			made.filter((m) => m.owner === 'referrer@demo.test').length
		);
		expect(await countForScope(app.database.db, admin(), { status: 'active', specialistIds: [specialistIds['Dr Sam Specialist']!] })).toBe(
			made.filter((m) => m.status === 'active' && m.specialistName === 'Dr Sam Specialist').length
		);
	});
});

describe('keyset pages', () => {
	const STAGE_ORDER = ['scheduled', 'rescheduled', 'no_show', 'report_in_progress', 'report_ready', 'paid', 'cancelled'];
	const key: Record<BookingListSort, (m: Made) => (string | number)[]> = {
		startsAt: (m) => [m.startsAt.getTime(), m.id],
		status: (m) => [STAGE_ORDER.indexOf(m.stage), m.startsAt.getTime(), m.id],
		specialist: (m) => [m.specialistName, m.startsAt.getTime(), m.id]
	};
	const compare = (a: (string | number)[], b: (string | number)[]) => {
		for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
		return 0;
	};

	for (const sort of ['startsAt', 'status', 'specialist'] as const)
		for (const dir of ['asc', 'desc'] as const satisfies SortDir[])
			it(`covers every row exactly once, in order, sorted by ${sort} ${dir}`, async () => {
				const expected = [...made].sort((a, b) => compare(key[sort](a), key[sort](b)) * (dir === 'asc' ? 1 : -1)).map((m) => m.id);
				for (const size of [1, 4, 7, 36, 50])
					expect(await everyPage(scope('admin@demo.test'), { ...all, sort, dir }, size)).toEqual(expected);
			});

	it('pages a filtered, scoped list the same way', async () => {
		const filters: BookingListFilters = { status: 'active', sort: 'specialist', dir: 'desc' };
		const expected = made
			.filter((m) => m.status === 'active' && m.owner !== 'rival@demo.test')
			.sort((a, b) => -compare(key.specialist(a), key.specialist(b)))
			.map((m) => m.id);
		expect(await everyPage(scope('owner@demo.test'), filters, 3)).toEqual(expected);
	});

	it('sees a row added behind the cursor on no page, and one added ahead of it on a later page', async () => {
		const first = await listForScope(app.database.db, scope('referrer@demo.test'), all, null, 2);
		const ahead = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(BASE + 300 * 86_400_000) });
		const rest: string[] = [];
		let cursor = first.nextCursor;
		while (cursor) {
			const page = await listForScope(app.database.db, scope('referrer@demo.test'), all, cursor, 2);
			rest.push(...page.rows.map((r) => r.id));
			cursor = page.nextCursor;
		}
		expect(rest).toContain(ahead.booking.id);
		expect(rest.filter((id) => first.rows.some((r) => r.id === id))).toEqual([]);
		await app.database.db.delete(booking).where(eq(booking.id, ahead.booking.id));
	});

	it('refuses a cursor it did not make, or one made for another order', async () => {
		const page = await listForScope(app.database.db, scope('admin@demo.test'), all, null, 2);
		await expect(
			listForScope(app.database.db, scope('admin@demo.test'), { ...all, sort: 'status' }, page.nextCursor, 2)
		).rejects.toBeInstanceOf(InvalidCursorError);
		await expect(
			listForScope(app.database.db, scope('admin@demo.test'), { ...all, dir: 'desc' }, page.nextCursor, 2)
		).rejects.toBeInstanceOf(InvalidCursorError);
		for (const bad of [
			'nonsense',
			Buffer.from('{"s":"startsAt","d":"asc","k":["x","y"]}').toString('base64url'),
			Buffer.from("'; drop table booking; --").toString('base64url')
		])
			await expect(listForScope(app.database.db, scope('admin@demo.test'), all, bad, 2)).rejects.toBeInstanceOf(InvalidCursorError);
		// Crafted to look right: month 99, and a stage rank far out of range.
		const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
		const crafted = (p: unknown) => Buffer.from(JSON.stringify(p)).toString('base64url');
		await expect(
			listForScope(
				app.database.db,
				scope('admin@demo.test'),
				all,
				crafted({ s: 'startsAt', d: 'asc', k: ['2027-99-01T00:00:00.000000Z', id] }),
				2
			)
		).rejects.toBeInstanceOf(InvalidCursorError);
		await expect(
			listForScope(
				app.database.db,
				scope('admin@demo.test'),
				{ ...all, sort: 'status' },
				crafted({ s: 'status', d: 'asc', k: [1e300, '2027-01-01T00:00:00.000000Z', id] }),
				2
			)
		).rejects.toBeInstanceOf(InvalidCursorError);
	});

	it('returns the specialist and exam type names with each row', async () => {
		const { rows } = await listForScope(app.database.db, scope('admin@demo.test'), all, null, 3);
		expect(rows[0]).toMatchObject({
			specialistName: expect.any(String),
			appointmentTypeName: 'IME — in person',
			reference: expect.stringMatching(/^IME-/)
		});
	});
});

describe('counts and the calendar', () => {
	it('counts bookings by stage within the scope', async () => {
		const counts = await countByStage(app.database.db, scope('referrer@demo.test'));
		for (const stage of STAGES)
			expect(counts[stage], stage).toBe(made.filter((m) => m.owner === 'referrer@demo.test' && m.stage === stage).length);
		expect(Object.values(await countByStage(app.database.db, { kind: 'none' })).every((n) => n === 0)).toBe(true);
	});

	it('counts bookings per local day in the zone asked for', async () => {
		// 2027-05-31 14:30 UTC is 1 June 00:30 in Sydney but 31 May 22:30 in Perth.
		const edge = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.UTC(2027, 4, 31, 14, 30)) });
		const mid = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			specialistName: 'Dr Mei Chen',
			startsAt: new Date(Date.UTC(2027, 5, 15, 2, 0))
		});
		const again = await insertBooking(app, {
			ownerEmail: 'rival@demo.test',
			specialistName: 'Dr Priya Natarajan',
			startsAt: new Date(Date.UTC(2027, 5, 15, 3, 0))
		});
		try {
			const admin = scope('admin@demo.test');
			expect(await calendarMonth(app.database.db, admin, '2027-06', 'Australia/Sydney')).toEqual([
				{ date: '2027-06-01', count: 1 },
				{ date: '2027-06-15', count: 2 }
			]);
			expect(await calendarMonth(app.database.db, admin, '2027-06', 'Australia/Perth')).toEqual([{ date: '2027-06-15', count: 2 }]);
			expect(await calendarMonth(app.database.db, admin, '2027-05', 'Australia/Perth')).toContainEqual({ date: '2027-05-31', count: 1 });
			expect(await calendarMonth(app.database.db, scope('referrer@demo.test'), '2027-06', 'Australia/Sydney')).toEqual([
				{ date: '2027-06-01', count: 1 },
				{ date: '2027-06-15', count: 1 }
			]);
			expect(
				await calendarMonth(app.database.db, admin, '2027-06', 'Australia/Sydney', {
					specialistIds: [specialistIds['Dr Priya Natarajan']!]
				})
			).toEqual([{ date: '2027-06-15', count: 1 }]);
		} finally {
			await app.database.db.delete(booking).where(eq(booking.id, edge.booking.id));
			await app.database.db.delete(booking).where(eq(booking.id, mid.booking.id));
			await app.database.db.delete(booking).where(eq(booking.id, again.booking.id));
		}
	});
});
