/**
 * The booking views through the procedures and the CSV endpoint: each role sees exactly its scope,
 * a booking outside it is "not found" and audited, specialists never receive contact details, the
 * filters and keyset pages hold, and the export streams the filtered set and nothing else.
 * Runs on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { appRouter } from './_app';
import { createCallerFactory } from '../trpc';
import { auditLog, specialist } from '../db/schema';
import { seedDemo, DEMO_PASSWORD, type DemoUser } from '../demo/seed';
import { scopeFor } from '../auth/scope';
import { createTestApp, localsOf, requestFrom, signIn, type TestApp } from '../testing/app';
import { insertBooking } from '../testing/bookings';
import { GET, POST } from '../../../routes/api/bookings/export.csv/+server';
import { bookingsCsv as _bookingsCsv } from '../services/exports/bookings-csv';
import type { SignedIn } from '../auth/session';
import type { RequestMeta } from '../services/accounts/request-meta';

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

const ZOE = {
	givenNames: 'Zoë',
	familyName: "O'Brien",
	dateOfBirth: '1975-06-30',
	phone: '0499 111 222',
	email: 'zoe.private@example.com',
	address: '12 Secret Lane, Sydney NSW 2000',
	claimNumber: 'CLM-ZOE-1',
	matterReference: 'MATTER-77'
};

let app: TestApp;
const call = createCallerFactory(appRouter);
const sessions = new Map<string, { signedIn: SignedIn; meta: RequestMeta }>();
const b: Record<string, { id: string; reference: string }> = {};
let specialistIds: Record<string, string>;

/** A caller for `email`, with a fresh request id so its audit records can be picked out. */
function as(email: string) {
	const s = sessions.get(email)!;
	const meta = { ...s.meta, requestId: crypto.randomUUID() };
	return { api: call(localsOf(app, meta, s.signedIn)), meta, signedIn: s.signedIn };
}
const auditOf = (requestId: string) => app.database.db.select().from(auditLog).where(eq(auditLog.requestId, requestId));

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app, EXTRA);
	const add = async (key: string, f: Parameters<typeof insertBooking>[1]) => {
		const { booking: row } = await insertBooking(app, f);
		b[key] = { id: row.id, reference: row.reference };
	};
	// 2 March 2027 9:00 am Sydney (22:00 UTC the day before).
	await add('zoe', {
		ownerEmail: 'referrer@demo.test',
		createdByEmail: 'admin@demo.test',
		startsAt: new Date('2027-03-01T22:00:00Z'),
		examinee: ZOE
	});
	// 3 March 1:30 am in Sydney, still 2 March (10:30 pm) in Perth.
	await add('late', { ownerEmail: 'referrer@demo.test', specialistName: 'Dr Mei Chen', startsAt: new Date('2027-03-02T14:30:00Z') });
	await add('closed', {
		ownerEmail: 'referrer@demo.test',
		specialistName: 'Dr Mei Chen',
		stage: 'paid',
		status: 'closed',
		startsAt: new Date('2027-03-05T00:00:00Z')
	});
	await add('lead', { ownerEmail: 'teamlead@demo.test', startsAt: new Date('2027-03-08T00:00:00Z') });
	await add('owner', { ownerEmail: 'owner@demo.test', specialistName: 'Dr Priya Natarajan', startsAt: new Date('2027-03-09T00:00:00Z') });
	await add('motor', { ownerEmail: 'motor@demo.test', specialistName: 'Dr Mei Chen', startsAt: new Date('2027-03-10T00:00:00Z') });
	await add('rival', {
		ownerEmail: 'rival@demo.test',
		startsAt: new Date('2027-03-11T00:00:00Z'),
		examinee: { givenNames: 'Zoë', familyName: 'Rivalname', phone: '0400 999 888', claimNumber: '=HYPERLINK("x")' }
	});
	for (const email of [
		'admin@demo.test',
		'owner@demo.test',
		'teamlead@demo.test',
		'referrer@demo.test',
		'motor@demo.test',
		'rival@demo.test',
		'specialist@demo.test'
	])
		sessions.set(email, await signIn(app, email, DEMO_PASSWORD));
	const rows = await app.database.db.select({ id: specialist.id, name: specialist.displayName }).from(specialist);
	specialistIds = Object.fromEntries(rows.map((r) => [r.name, r.id]));
});
afterAll(() => app?.close());

async function references(email: string, input: Record<string, unknown> = {}) {
	const refs: string[] = [];
	let cursor: string | undefined;
	do {
		const page = await as(email).api.bookings.list({ status: 'all', limit: 2, ...input, ...(cursor ? { cursor } : {}) });
		refs.push(...page.rows.map((r) => r.reference));
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return refs.sort();
}
const refsOf = (...keys: string[]) => keys.map((k) => b[k]!.reference).sort();

describe('each role sees exactly its scope', () => {
	it('owner: the whole organisation', async () => {
		expect(await references('owner@demo.test')).toEqual(refsOf('zoe', 'late', 'closed', 'lead', 'owner', 'motor'));
	});
	it("team lead: their team's and their own", async () => {
		expect(await references('teamlead@demo.test')).toEqual(refsOf('zoe', 'late', 'closed', 'lead'));
	});
	it('referrer: their own', async () => {
		expect(await references('referrer@demo.test')).toEqual(refsOf('zoe', 'late', 'closed'));
		expect(await references('motor@demo.test')).toEqual(refsOf('motor'));
	});
	it('specialist: their own appointments, whichever organisation booked them', async () => {
		expect(await references('specialist@demo.test')).toEqual(refsOf('zoe', 'lead', 'rival'));
	});
	it('another organisation: only its own', async () => {
		expect(await references('rival@demo.test')).toEqual(refsOf('rival'));
	});
	it('admin: everything', async () => {
		expect(await references('admin@demo.test')).toEqual(refsOf(...Object.keys(b)));
	});
});

describe('bookings.get', () => {
	it('answers NOT_FOUND to another organisation, exactly as for a missing booking, and audits the denial', async () => {
		const { api, meta, signedIn } = as('rival@demo.test');
		const err = await api.bookings.get({ id: b.zoe!.id }).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(TRPCError);
		expect((err as TRPCError).code).toBe('NOT_FOUND');
		const missing = await api.bookings.get({ id: crypto.randomUUID() }).catch((e: unknown) => e);
		expect((missing as TRPCError).message).toBe((err as TRPCError).message);
		const rows = await auditOf(meta.requestId);
		expect(rows.filter((r) => r.resourceId === b.zoe!.id).map((r) => [r.action, r.outcome, r.resourceType, r.actor])).toEqual([
			['access.denied', 'denied', 'booking', signedIn.user.id]
		]);
	});

	it('answers NOT_FOUND to a referrer of the same organisation outside their scope, and to a specialist not assigned', async () => {
		expect(
			(
				(await as('motor@demo.test')
					.api.bookings.get({ id: b.zoe!.id })
					.catch((e: unknown) => e)) as TRPCError
			).code
		).toBe('NOT_FOUND');
		expect(
			(
				(await as('specialist@demo.test')
					.api.bookings.get({ id: b.late!.id })
					.catch((e: unknown) => e)) as TRPCError
			).code
		).toBe('NOT_FOUND');
		expect(
			(
				(await as('owner@demo.test')
					.api.bookings.get({ id: 'not-an-id' })
					.catch((e: unknown) => e)) as TRPCError
			).code
		).toBe('NOT_FOUND');
	});

	it('gives the organisation everything, with attribution and history, and writes one booking.read record', async () => {
		const { api, meta } = as('owner@demo.test');
		const d = await api.bookings.get({ id: b.zoe!.id });
		expect(d.reference).toBe(b.zoe!.reference);
		expect(d.examinee).toMatchObject({
			givenNames: 'Zoë',
			familyName: "O'Brien",
			phone: ZOE.phone,
			email: ZOE.email,
			address: ZOE.address,
			claimNumber: 'CLM-ZOE-1'
		});
		expect(d.examineeRestricted).toBe(false);
		expect(d.attribution).toMatch(/^Created by Alex Admin on behalf of Rachel Referrer on /);
		expect(d.history).toHaveLength(1);
		expect(d.history[0]).toMatchObject({ action: 'created', actorName: 'Alex Admin', onBehalfOfName: 'Rachel Referrer' });
		expect(d.when).toBe('Tue, 2 Mar 2027, 9:00 am AEDT');
		expect(d.specialist?.name).toBe('Dr Sam Specialist');
		expect(d.appointmentType?.name).toBe('IME — in person');
		expect(d.intake.map((q) => q.question)).toContain('Claim type');
		const rows = await auditOf(meta.requestId);
		expect(rows.map((r) => [r.action, r.outcome, r.resourceType, r.resourceId])).toEqual([
			['booking.read', 'granted', 'booking', b.zoe!.id]
		]);
		expect(JSON.stringify(rows[0]!.details ?? {})).not.toContain('Zo');
	});

	it('says "created by" alone when referrers book for themselves', async () => {
		const d = await as('teamlead@demo.test').api.bookings.get({ id: b.lead!.id });
		expect(d.attribution).toMatch(/^Created by Tom Lead on \w{3}, \d/);
		expect(d.attribution).not.toContain('behalf');
	});

	it('gives a specialist the name, date of birth and exam details, never phone, email or address', async () => {
		const { api } = as('specialist@demo.test');
		const d = await api.bookings.get({ id: b.zoe!.id });
		expect(d.examineeRestricted).toBe(true);
		expect(d.examinee).toMatchObject({ givenNames: 'Zoë', familyName: "O'Brien", dateOfBirth: '1975-06-30', claimNumber: 'CLM-ZOE-1' });
		expect(d.examinee).not.toHaveProperty('phone');
		expect(d.examinee).not.toHaveProperty('email');
		expect(d.examinee).not.toHaveProperty('address');
		const everything = JSON.stringify(d);
		for (const secret of [ZOE.phone, ZOE.email, ZOE.address, 'Secret Lane']) expect(everything).not.toContain(secret);
		const list = JSON.stringify(await api.bookings.list({ status: 'all' }));
		for (const secret of [ZOE.phone, ZOE.email, 'Secret Lane', '0400 999 888']) expect(list).not.toContain(secret);
		expect(list).toContain("Zoë O'Brien");
	});
});

describe('bookings.list filters', () => {
	it('finds the examinee by whole words, whatever the case or accents, and only within scope', async () => {
		expect(await references('owner@demo.test', { examinee: "ZOE o'brien" })).toEqual(refsOf('zoe'));
		expect(await references('owner@demo.test', { examinee: 'zoë' })).toEqual(refsOf('zoe'));
		expect(await references('admin@demo.test', { examinee: 'Zoe' })).toEqual(refsOf('zoe', 'rival'));
		expect(await references('rival@demo.test', { examinee: 'obrien' })).toEqual([]);
	});

	it('does not match part of a word (the blind index holds whole words)', async () => {
		expect(await references('owner@demo.test', { examinee: 'obri' })).toEqual([]);
		expect(await references('owner@demo.test', { examinee: 'Zo' })).toEqual([]);
	});

	it('reads a date range as whole days in the viewer’s zone', async () => {
		const day = { from: '2027-03-02', to: '2027-03-02' };
		expect(await references('referrer@demo.test', { ...day, timeZone: 'Australia/Sydney' })).toEqual(refsOf('zoe'));
		expect(await references('referrer@demo.test', { ...day, timeZone: 'Australia/Perth' })).toEqual(refsOf('zoe', 'late'));
		expect(await references('referrer@demo.test', { from: '2027-03-03' })).toEqual(refsOf('late', 'closed'));
		expect(await references('referrer@demo.test', { to: '2027-03-02' })).toEqual(refsOf('zoe'));
	});

	it('filters by status and specialist', async () => {
		expect(await references('referrer@demo.test', { status: 'active' })).toEqual(refsOf('zoe', 'late'));
		expect(await references('referrer@demo.test', { status: 'closed' })).toEqual(refsOf('closed'));
		expect(await references('owner@demo.test', { specialistIds: [specialistIds['Dr Mei Chen']!] })).toEqual(
			refsOf('late', 'closed', 'motor')
		);
		const page = await as('referrer@demo.test').api.bookings.list();
		expect(page.rows.map((r) => r.reference).sort()).toEqual(refsOf('zoe', 'late'));
	});

	it('sorts, with stage and status labels', async () => {
		const page = await as('owner@demo.test').api.bookings.list({ status: 'all', sort: 'status', dir: 'desc', limit: 10 });
		expect(page.rows[0]).toMatchObject({ reference: b.closed!.reference, stageLabel: 'Paid', statusLabel: 'Closed' });
		const bySpecialist = await as('owner@demo.test').api.bookings.list({ status: 'all', sort: 'specialist', limit: 10 });
		expect(bySpecialist.rows.map((r) => r.specialistName)).toEqual([...bySpecialist.rows.map((r) => r.specialistName)].sort());
	});

	it('refuses unknown inputs, a reversed range and a foreign cursor with BAD_REQUEST', async () => {
		const { api } = as('owner@demo.test');
		for (const input of [
			{ status: 'all', offset: 50 },
			{ from: '2027-03-05', to: '2027-03-01' },
			{ cursor: 'bogus' },
			{ from: '2027-02-30' },
			{ limit: 101 }
		])
			expect(((await api.bookings.list(input as never).catch((e: unknown) => e)) as TRPCError).code, JSON.stringify(input)).toBe(
				'BAD_REQUEST'
			);
	});

	it('records a list read without the name searched for', async () => {
		const { api, meta } = as('owner@demo.test');
		await api.bookings.list({ examinee: 'Zoe' });
		const rows = await auditOf(meta.requestId);
		expect(rows.map((r) => [r.action, r.resourceType])).toEqual([['booking.read', 'booking_list']]);
		expect(JSON.stringify(rows[0]!.details)).not.toMatch(/zo[eë]/i);
	});
});

describe('bookings.calendar', () => {
	it('counts the caller’s bookings per day of the month in their zone', async () => {
		const sydney = await as('referrer@demo.test').api.bookings.calendar({ month: '2027-03', status: 'all' });
		expect(sydney.days).toEqual([
			{ date: '2027-03-02', count: 1 },
			{ date: '2027-03-03', count: 1 },
			{ date: '2027-03-05', count: 1 }
		]);
		const perth = await as('referrer@demo.test').api.bookings.calendar({ month: '2027-03', timeZone: 'Australia/Perth' });
		expect(perth.days).toEqual([{ date: '2027-03-02', count: 2 }]);
		expect((await as('rival@demo.test').api.bookings.calendar({ month: '2027-03', status: 'all' })).total).toBe(1);
	});
});

/** A small RFC 4180 reader for the test. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else if (c !== '\r') field += c;
	}
	if (field || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

function exportEvent(email: string | null, query: string, body?: URLSearchParams) {
	const s = email ? sessions.get(email)! : null;
	const meta = { ...(s?.meta ?? requestFrom()), requestId: crypto.randomUUID() };
	const url = new URL(`http://localhost:5173/api/bookings/export.csv${query}`);
	const request = new Request(url, body ? { method: 'POST', body } : undefined);
	const event = { locals: localsOf(app, meta, s?.signedIn ?? null), url, request } as unknown as RequestEvent;
	return { event, meta };
}

describe('CSV export', () => {
	it('streams every filtered row in scope as an attachment, and records the count and filters without PHI', async () => {
		const { event, meta } = exportEvent('owner@demo.test', '?status=all');
		const res = await GET(event);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="bookings-\d{4}-\d{2}-\d{2}\.csv"$/);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const text = await res.text();
		const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
		expect(header).toEqual([
			'Reference',
			'Date and time (clinic)',
			'Specialist',
			'Exam type',
			'Stage',
			'Status',
			'Examinee',
			'Claim number'
		]);
		expect(rows.map((r) => r[0]).sort()).toEqual(refsOf('zoe', 'late', 'closed', 'lead', 'owner', 'motor'));
		expect(rows.find((r) => r[0] === b.zoe!.reference)).toEqual([
			b.zoe!.reference,
			'Tue, 2 Mar 2027, 9:00 am AEDT',
			'Dr Sam Specialist',
			'IME — in person',
			'Scheduled',
			'Active',
			"Zoë O'Brien",
			'CLM-ZOE-1'
		]);
		expect(text).not.toContain(b.rival!.reference);
		expect(text).not.toContain(ZOE.phone);
		const audit = await auditOf(meta.requestId);
		expect(audit.map((r) => [r.action, r.outcome])).toEqual([['booking.export', 'granted']]);
		expect(audit[0]!.details).toMatchObject({ count: 6, status: 'all', examineeSearch: false });
	});

	it('exports a name search sent in a POST body, and keeps the name out of the audit record', async () => {
		const { event, meta } = exportEvent('admin@demo.test', '?status=all', new URLSearchParams({ examinee: 'zoe' }));
		const res = await POST(event);
		const [, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
		expect(rows.map((r) => r[0]).sort()).toEqual(refsOf('zoe', 'rival'));
		// A formula-looking cell is defused for spreadsheets.
		expect(rows.find((r) => r[0] === b.rival!.reference)![7]).toBe(`'=HYPERLINK("x")`);
		const audit = await auditOf(meta.requestId);
		expect(audit[0]!.details).toMatchObject({ count: 2, examineeSearch: true });
		expect(JSON.stringify(audit[0]!.details)).not.toMatch(/zo[eë]/i);
	});

	it('ignores a name put in the query string of a GET (no PHI in URLs)', async () => {
		const { event } = exportEvent('referrer@demo.test', '?status=all&examinee=zoe');
		const [, ...rows] = parseCsv((await (await GET(event)).text()).replace(/^\uFEFF/, ''));
		expect(rows).toHaveLength(3);
	});

	it('reads the filtered set in keyset batches, each row once, whatever the batch size', async () => {
		const s = sessions.get('admin@demo.test')!;
		for (const size of [1, 2, 3]) {
			const text = await new Response(
				_bookingsCsv(app, scopeFor(s.signedIn.caller), { status: 'all', sort: 'startsAt', dir: 'desc' }, size)
			).text();
			const [, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
			expect(rows.map((r) => r[0])).toHaveLength(Object.keys(b).length);
			expect(new Set(rows.map((r) => r[0])).size).toBe(Object.keys(b).length);
		}
	});

	it('gives a specialist their appointments only', async () => {
		const [, ...rows] = parseCsv(
			(await (await GET(exportEvent('specialist@demo.test', '?status=all').event)).text()).replace(/^\uFEFF/, '')
		);
		expect(rows.map((r) => r[0]).sort()).toEqual(refsOf('zoe', 'lead', 'rival'));
	});

	it('answers 401 JSON to an anonymous caller and audits it, and 400 to bad filters', async () => {
		const { event, meta } = exportEvent(null, '');
		const res = await GET(event);
		expect(res.status).toBe(401);
		expect(await res.json()).toEqual({ message: 'Please sign in.' });
		const rows = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.requestId, meta.requestId), eq(auditLog.action, 'access.denied')));
		expect(rows).toHaveLength(1);
		const bad = await GET(exportEvent('owner@demo.test', '?status=everything').event);
		expect(bad.status).toBe(400);
	});
});
