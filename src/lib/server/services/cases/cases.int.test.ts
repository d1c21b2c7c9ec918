/**
 * Cases through the router: the scope rule (a rival organisation's case is "not found", a team
 * lead sees the team's, an own-role referrer only theirs, specialists none), create / update /
 * status with their history and audit (no claimant data in either), the list's filters and keyset
 * pages, the claimant search by blind index, the overdue-enclosure filter, the CSV export and the
 * APP 12 export. Runs on PGlite and on PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { appRouter } from '../../routers/_app';
import { createCallerFactory, fieldErrors } from '../../trpc';
import type { ZodError } from 'zod';
import { auditLog, booking, bookingEnclosure, caseHistory, document } from '../../db/schema';
import { seedDemo, DEMO_PASSWORD, type DemoUser } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { insertBooking, userIdOf } from '../../testing/bookings';
import type { SignedIn } from '../../auth/session';
import type { RequestMeta } from '../accounts/request-meta';
import { GET as exportCases, POST as exportCasesPost } from '../../../../routes/api/cases/export.csv/+server';
import { GET as exportExaminee } from '../../../../routes/api/admin/bookings/[id=uuid]/examinee-export/+server';

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

const claimant = (over: Record<string, string> = {}) => ({
	givenNames: 'Zoë',
	familyName: "O'Brien",
	dateOfBirth: '1975-06-30',
	phone: '0499 111 222',
	email: 'zoe.private@example.com',
	address: '12 Secret Lane, Sydney NSW 2000',
	interpreter: 'no' as const,
	...over
});
const details = (over: Record<string, string> = {}) => ({
	claimNumber: 'WC-1001',
	scheme: 'nsw_workers_comp' as const,
	insurer: 'Secretive Insurance Ltd',
	matterReference: 'M-77',
	notes: 'Claimant prefers mornings',
	...over
});

let app: TestApp;
let dir: string;
const call = createCallerFactory(appRouter);
const sessions = new Map<string, { signedIn: SignedIn; meta: RequestMeta }>();
const c: Record<string, { id: string; reference: string }> = {};

function as(email: string) {
	const s = sessions.get(email)!;
	const meta = { ...s.meta, requestId: crypto.randomUUID() };
	return { api: call(localsOf(app, meta, s.signedIn)), meta, signedIn: s.signedIn };
}
const auditOf = (requestId: string) => app.database.db.select().from(auditLog).where(eq(auditLog.requestId, requestId));

async function codeOf(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'OK';
	} catch (err) {
		return err instanceof TRPCError ? err.code : String(err);
	}
}

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app, EXTRA);
	dir = await mkdtemp(path.join(tmpdir(), 'ime-cases-'));
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
	c.zoe = await as('referrer@demo.test').api.cases.create({ claimant: claimant(), details: details() });
	c.lead = await as('teamlead@demo.test').api.cases.create({
		claimant: claimant({ givenNames: 'Lee', familyName: 'Leader' }),
		details: details({ claimNumber: 'WC-2' })
	});
	c.motor = await as('motor@demo.test').api.cases.create({
		claimant: claimant({ givenNames: 'Mo', familyName: 'Crash' }),
		details: details({ claimNumber: 'CTP-3', scheme: 'nsw_ctp' })
	});
	c.rival = await as('rival@demo.test').api.cases.create({
		claimant: claimant({ familyName: 'Rivalname' }),
		details: details({ claimNumber: 'R-4' })
	});
});
afterAll(async () => {
	await app?.close();
	if (dir) await rm(dir, { recursive: true, force: true });
});

async function references(email: string, input: Record<string, unknown> = {}) {
	const refs: string[] = [];
	let cursor: string | undefined;
	do {
		const page = await as(email).api.cases.list({ status: 'all', limit: 1, ...input, ...(cursor ? { cursor } : {}) });
		refs.push(...page.rows.map((r) => r.reference));
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return refs.sort();
}
const refsOf = (...keys: string[]) => keys.map((k) => c[k]!.reference).sort();

describe('scope', () => {
	it('each role sees exactly its cases (keyset pages of one)', async () => {
		expect(await references('owner@demo.test')).toEqual(refsOf('zoe', 'lead', 'motor'));
		expect(await references('teamlead@demo.test')).toEqual(refsOf('zoe', 'lead'));
		expect(await references('referrer@demo.test')).toEqual(refsOf('zoe'));
		expect(await references('motor@demo.test')).toEqual(refsOf('motor'));
		expect(await references('rival@demo.test')).toEqual(refsOf('rival'));
		expect(await references('admin@demo.test')).toEqual(refsOf('zoe', 'lead', 'motor', 'rival'));
		expect(await references('specialist@demo.test')).toEqual([]);
	});

	it('a rival organisation’s case is not found, and the refusal is audited', async () => {
		const r = as('rival@demo.test');
		expect(await codeOf(r.api.cases.get({ id: c.zoe!.id }))).toBe('NOT_FOUND');
		expect(await codeOf(r.api.cases.get({ id: crypto.randomUUID() }))).toBe('NOT_FOUND');
		expect(await codeOf(r.api.cases.setStatus({ id: c.zoe!.id, status: 'closed' }))).toBe('NOT_FOUND');
		expect(await codeOf(r.api.cases.update({ id: c.zoe!.id, claimant: claimant(), details: details() }))).toBe('NOT_FOUND');
		const denied = await auditOf(r.meta.requestId!);
		expect(denied.some((a) => a.action === 'access.denied' && a.resourceType === 'case' && a.resourceId === c.zoe!.id)).toBe(true);
	});

	it('a team lead sees the team’s case; an own-role referrer of another team does not; specialists see none and create none', async () => {
		expect((await as('teamlead@demo.test').api.cases.get({ id: c.zoe!.id })).claimantName).toBe("Zoë O'Brien");
		expect(await codeOf(as('motor@demo.test').api.cases.get({ id: c.zoe!.id }))).toBe('NOT_FOUND');
		expect(await codeOf(as('referrer@demo.test').api.cases.get({ id: c.lead!.id }))).toBe('NOT_FOUND');
		expect(await codeOf(as('specialist@demo.test').api.cases.get({ id: c.zoe!.id }))).toBe('NOT_FOUND');
		expect(await codeOf(as('specialist@demo.test').api.cases.create({ claimant: claimant(), details: details() }))).toBe('FORBIDDEN');
	});
});

describe('create, update, status', () => {
	it('a referrer’s case is theirs, in their team; reading it is audited', async () => {
		const r = as('referrer@demo.test');
		const v = await r.api.cases.get({ id: c.zoe!.id });
		expect(v).toMatchObject({
			status: 'open',
			scheme: 'nsw_workers_comp',
			ownerName: expect.any(String),
			details: { claimNumber: 'WC-1001', insurer: 'Secretive Insurance Ltd' }
		});
		expect(v.reference).toMatch(/^CASE-[A-Z0-9]{6}$/);
		expect(v.timeline.map((t) => t.summary)).toContain('Case opened');
		expect((await auditOf(r.meta.requestId!)).map((a) => a.action)).toContain('case.read');
	});

	it('an admin must name the responsible referrer; the case joins that referrer’s organisation', async () => {
		const a = as('admin@demo.test');
		const err = await a.api.cases.create({ claimant: claimant(), details: details() }).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(TRPCError);
		expect((err as TRPCError).code).toBe('BAD_REQUEST');
		expect((err as TRPCError).message).toMatch(/referrer responsible/);
		const motor = await userIdOf(app, 'motor@demo.test');
		c.admin = await a.api.cases.create({ claimant: claimant({ familyName: 'Adminmade' }), details: details(), ownerUserId: motor });
		expect(await references('motor@demo.test')).toContain(c.admin.reference);
	});

	it('an own-role referrer cannot hand a case to someone outside their scope; an owner can', async () => {
		const motor = await userIdOf(app, 'motor@demo.test');
		const rival = await userIdOf(app, 'rival@demo.test');
		expect(await codeOf(as('referrer@demo.test').api.cases.create({ claimant: claimant(), details: details(), ownerUserId: motor }))).toBe(
			'BAD_REQUEST'
		);
		expect(await codeOf(as('owner@demo.test').api.cases.create({ claimant: claimant(), details: details(), ownerUserId: rival }))).toBe(
			'BAD_REQUEST'
		);
		c.handed = await as('owner@demo.test').api.cases.create({
			claimant: claimant({ familyName: 'Handed' }),
			details: details(),
			ownerUserId: motor
		});
		expect(await references('motor@demo.test')).toContain(c.handed.reference);
	});

	it('rejects bad input naming the field', async () => {
		const err = (await as('referrer@demo.test')
			.api.cases.create({ claimant: claimant({ givenNames: '' }), details: details({ scheme: 'mars' }) } as never)
			.catch((e: unknown) => e)) as TRPCError;
		expect(err.code).toBe('BAD_REQUEST');
		const fields = fieldErrors(err.cause as ZodError);
		expect(fields['claimant.givenNames']).toMatch(/given names/);
		expect(fields['details.scheme']).toBe('Choose the jurisdiction or scheme.');
	});

	it('an update writes history naming the fields changed, and an audit record without claimant data', async () => {
		const r = as('referrer@demo.test');
		const res = await r.api.cases.update({
			id: c.zoe!.id,
			claimant: claimant({ phone: '0499 000 000' }),
			details: details({ insurer: 'Other Insurer Pty Ltd', scheme: 'nsw_ctp' })
		});
		expect(res.changed.sort()).toEqual(['claimant', 'insurer', 'scheme']);
		const v = await r.api.cases.get({ id: c.zoe!.id });
		expect(v.claimant.phone).toBe('0499 000 000');
		expect(v.schemeLabel).toBe('NSW CTP (motor accident)');
		expect(v.timeline[0]!.summary).toBe('Changed claimant, scheme, insurer');
		const [audit] = (await auditOf(r.meta.requestId!)).filter((a) => a.action === 'case.update');
		const text = JSON.stringify(audit!.details);
		for (const phi of ['0499', 'Other Insurer', "O'Brien", 'Zoë', 'WC-1001']) expect(text).not.toContain(phi);
		// Nothing changed: nothing written.
		const again = await r.api.cases.update({
			id: c.zoe!.id,
			claimant: claimant({ phone: '0499 000 000' }),
			details: details({ insurer: 'Other Insurer Pty Ltd', scheme: 'nsw_ctp' })
		});
		expect(again.changed).toEqual([]);
	});

	it('a status change writes history with the sealed note; a team lead may change their team’s case', async () => {
		const t = as('teamlead@demo.test');
		await t.api.cases.setStatus({ id: c.zoe!.id, status: 'on_hold', note: 'Zoë is in hospital' });
		const rows = await app.database.db.select().from(caseHistory).where(eq(caseHistory.caseId, c.zoe!.id));
		const row = rows.find((h) => h.action === 'case.status')!;
		expect(row.detail).toBe('Open → On hold');
		expect(row.noteEncrypted).not.toContain('hospital');
		const v = await t.api.cases.get({ id: c.zoe!.id });
		expect(v.status).toBe('on_hold');
		expect(v.timeline[0]).toMatchObject({ summary: 'Open → On hold', note: 'Zoë is in hospital', kind: 'case' });
		const [audit] = (await auditOf(t.meta.requestId!)).filter((a) => a.action === 'case.status_change');
		expect(audit!.details).toEqual({ fromStatus: 'open', toStatus: 'on_hold' });
	});
});

describe('list filters, search and examinations', () => {
	it('filters by status and responsible referrer', async () => {
		expect(await references('owner@demo.test', { status: 'on_hold' })).toEqual(refsOf('zoe'));
		expect(await references('owner@demo.test', { status: 'current' })).toContain(c.lead!.reference);
		expect(await references('owner@demo.test', { status: 'closed' })).toEqual([]);
		const motor = await userIdOf(app, 'motor@demo.test');
		expect(await references('owner@demo.test', { referrer: motor })).toEqual(refsOf('motor', 'admin', 'handed'));
	});

	it('finds the claimant by whole words of the name, in any order, only in scope', async () => {
		expect(await references('owner@demo.test', { claimant: "o'brien zoe" })).toEqual(refsOf('zoe'));
		expect(await references('owner@demo.test', { claimant: 'obri' })).toEqual([]);
		expect(await references('rival@demo.test', { claimant: 'zoe' })).toEqual(refsOf('rival'));
	});

	it('shows its examinations, their history in the timeline, and filters by overdue enclosures', async () => {
		const db = app.database.db;
		const { booking: b } = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			examinee: { givenNames: 'Zoë', familyName: "O'Brien" }
		});
		await db.update(booking).set({ caseId: c.zoe!.id }).where(eq(booking.id, b.id));
		expect(await references('owner@demo.test', { overdue: true })).toEqual([]);
		const [item] = await db
			.insert(bookingEnclosure)
			.values({ bookingId: b.id, category: 'medical_records', label: 'Medical records', dueOn: '2020-01-01' })
			.returning();
		expect(await references('owner@demo.test', { overdue: true })).toEqual(refsOf('zoe'));
		expect(await references('rival@demo.test', { overdue: true })).toEqual([]);
		// A live document of that category meets it.
		const owner = await userIdOf(app, 'referrer@demo.test');
		const [doc] = await db
			.insert(document)
			.values({
				bookingId: b.id,
				category: 'medical_records',
				nameEncrypted: app.cipher.encrypt('Records of Zoë.pdf', 'document-name'),
				contentType: 'application/pdf',
				extension: 'pdf',
				sizeBytes: 10,
				sha256: 'a'.repeat(64),
				storeKind: 'local',
				storageKey: `k-${crypto.randomUUID()}`,
				keyEncrypted: 'x',
				uploadedByUserId: owner
			})
			.returning();
		expect(await references('owner@demo.test', { overdue: true })).toEqual([]);
		await db.update(document).set({ deletedAt: new Date() }).where(eq(document.id, doc!.id));
		expect(await references('owner@demo.test', { overdue: true })).toEqual(refsOf('zoe'));
		await db.update(bookingEnclosure).set({ state: 'not_applicable' }).where(eq(bookingEnclosure.id, item!.id));
		expect(await references('owner@demo.test', { overdue: true })).toEqual([]);

		const v = await as('referrer@demo.test').api.cases.get({ id: c.zoe!.id });
		expect(v.examinations.map((e) => e.reference)).toEqual([b.reference]);
		const fromBooking = v.timeline.filter((t) => t.kind === 'examination');
		expect(fromBooking.map((t) => t.bookingReference)).toContain(b.reference);
		// Newest first.
		const times = v.timeline.map((t) => new Date(t.at).getTime());
		expect([...times].sort((x, y) => y - x)).toEqual(times);
		for (const t of v.timeline) expect(t.summary).not.toMatch(/Zoë|O'Brien|Secret/);
	});

	it('an unreadable page link is a clear BAD_REQUEST', async () => {
		expect(await codeOf(as('owner@demo.test').api.cases.list({ cursor: 'nonsense' }))).toBe('BAD_REQUEST');
	});
});

describe('exports', () => {
	const event = (email: string, url: string, init?: RequestInit) => {
		const s = sessions.get(email)!;
		return {
			locals: localsOf(app, { ...s.meta, requestId: crypto.randomUUID() }, s.signedIn),
			url: new URL(url),
			request: new Request(url, init)
		} as unknown as RequestEvent;
	};

	it('CSV: the filtered cases in scope, audited without the name searched for', async () => {
		const res = await exportCases(event('teamlead@demo.test', 'http://localhost/api/cases/export.csv?status=all'));
		expect(res.status).toBe(200);
		const text = await res.text();
		expect(text).toContain(c.zoe!.reference);
		expect(text).toContain(c.lead!.reference);
		expect(text).not.toContain(c.motor!.reference);
		expect(text).toContain("Zoë O'Brien");
		const form = new FormData();
		form.set('claimant', 'leader');
		const ev = event('teamlead@demo.test', 'http://localhost/api/cases/export.csv?status=all', { method: 'POST', body: form });
		const searched = await (await exportCasesPost(ev)).text();
		expect(searched).toContain(c.lead!.reference);
		expect(searched).not.toContain(c.zoe!.reference);
		const [audit] = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'case.export'), eq(auditLog.requestId, (ev.locals as { meta: RequestMeta }).meta.requestId!)));
		expect(audit!.details).toMatchObject({ count: 1, claimantSearch: true });
		expect(JSON.stringify(audit!.details)).not.toContain('leader');
		expect((await exportCases(event('specialist@demo.test', 'http://localhost/api/cases/export.csv'))).status).toBe(403);
	});

	it('APP 12: the examinee’s export holds their cases', async () => {
		const [b] = await app.database.db.select().from(booking).where(eq(booking.caseId, c.zoe!.id));
		const s = sessions.get('admin@demo.test')!;
		const url = new URL(`http://localhost/api/admin/bookings/${b!.id}/examinee-export`);
		const res = await exportExaminee({
			locals: localsOf(app, { ...s.meta, requestId: crypto.randomUUID() }, s.signedIn),
			url,
			request: new Request(url),
			params: { id: b!.id }
		} as unknown as RequestEvent);
		expect(res.status).toBe(200);
		const file = path.join(dir, 'export.zip');
		await writeFile(file, Buffer.from(await res.arrayBuffer()));
		const names = execFileSync('zipinfo', ['-1', file], { encoding: 'utf8' }).trim().split('\n');
		expect(names).toContain(`cases/${c.zoe!.reference}/case.json`);
		// A namesake's case (another date of birth) is not theirs.
		expect(names).not.toContain(`cases/${c.rival!.reference}/case.json`);
		execFileSync('unzip', ['-q', '-o', file, '-d', path.join(dir, 'x')]);
		const record = JSON.parse(await readFile(path.join(dir, 'x', `cases/${c.zoe!.reference}/case.json`), 'utf8'));
		expect(record).toMatchObject({ status: 'on_hold', details: { insurer: 'Other Insurer Pty Ltd' }, examinations: [b!.reference] });
		expect(record.history.map((h: { note: string | null }) => h.note)).toContain('Zoë is in hospital');
	});
});
