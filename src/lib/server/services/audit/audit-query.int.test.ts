/**
 * The audit viewer and its export: filters by person (email or id), breach review ("involving"),
 * outcome and dates; keyset pages; the CSV and JSON exports stream exactly the viewer's rows; only
 * admins, and the export is itself audited.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { actorById, createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { withOnBehalfOf } from '../../auth/actor';
import { insertBooking, userIdOf } from '../../testing/bookings';
import type { SignedIn } from '../../auth/session';
import type { RequestMeta } from '../accounts/request-meta';
import { recordAudit } from './audit';
import { GET as exportAudit } from '../../../../routes/api/admin/audit/export/+server';

let app: TestApp;
let admin: { signedIn: SignedIn; meta: RequestMeta };
let referrer: { signedIn: SignedIn; meta: RequestMeta };
let referrerId: string;
let adminId: string;
const call = createCallerFactory(appRouter);
const api = () => call(localsOf(app, admin.meta, admin.signedIn));

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
	referrer = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
	referrerId = await userIdOf(app, 'referrer@demo.test');
	adminId = await userIdOf(app, 'admin@demo.test');
	for (let i = 0; i < 7; i++)
		await recordAudit(app.database.db, withOnBehalfOf(actorById(adminId), referrerId), {
			action: 'booking.read',
			outcome: 'granted',
			resourceType: 'booking',
			resourceId: `b-${i}`
		});
	await recordAudit(app.database.db, actorById(referrerId), {
		action: 'document.download',
		outcome: 'denied',
		resourceType: 'document',
		resourceId: 'd-1'
	});
});
afterAll(() => app.close());

function exportEvent(as: { signedIn: SignedIn; meta: RequestMeta }, query: string) {
	const url = new URL(`http://localhost:5173/api/admin/audit/export?${query}`);
	return {
		locals: localsOf(app, { ...as.meta, requestId: crypto.randomUUID() }, as.signedIn),
		url,
		request: new Request(url)
	} as unknown as RequestEvent;
}

describe('audit viewer', () => {
	it('filters by the person acting, by email or by id, and by on-behalf-of', async () => {
		const byEmail = await api().admin.audit({ filters: { actor: 'admin@demo.test', action: 'booking.read' } });
		expect(byEmail.rows).toHaveLength(7);
		expect(byEmail.rows[0]).toMatchObject({ actorPerson: { email: 'admin@demo.test' }, onBehalfOfPerson: { email: 'referrer@demo.test' } });
		expect((await api().admin.audit({ filters: { actor: adminId, action: 'booking.read' } })).rows).toHaveLength(7);
		expect((await api().admin.audit({ filters: { onBehalfOf: 'referrer@demo.test', action: 'booking.read' } })).rows).toHaveLength(7);
		expect((await api().admin.audit({ filters: { actor: 'nobody@demo.test' } })).rows).toEqual([]);
	});

	it('breach review: everything involving one account in a window', async () => {
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(new Date());
		const rows = (await api().admin.audit({ filters: { involving: 'referrer@demo.test', from: today, to: today }, limit: 200 })).rows;
		expect(rows.some((r) => r.action === 'document.download' && r.actor === referrerId)).toBe(true);
		expect(rows.some((r) => r.action === 'booking.read' && r.onBehalfOf === referrerId)).toBe(true);
		expect(rows.some((r) => r.action === 'auth.sign_in' && r.actor === referrerId)).toBe(true);
		expect(rows.every((r) => r.actor === referrerId || r.onBehalfOf === referrerId || r.resourceId === referrerId)).toBe(true);
		expect((await api().admin.audit({ filters: { involving: 'referrer@demo.test', to: '2020-01-01' } })).rows).toEqual([]);
	});

	it('pages newest first by keyset without gaps or repeats', async () => {
		const first = await api().admin.audit({ filters: { action: 'booking.read' }, limit: 3 });
		const second = await api().admin.audit({ filters: { action: 'booking.read' }, limit: 3, beforeSeq: first.nextBeforeSeq! });
		const third = await api().admin.audit({ filters: { action: 'booking.read' }, limit: 3, beforeSeq: second.nextBeforeSeq! });
		const seqs = [...first.rows, ...second.rows, ...third.rows].map((r) => r.seq);
		expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
		expect(new Set(seqs).size).toBe(7);
		expect(third.nextBeforeSeq).toBeNull();
	});

	it('refuses a bad filter with the field named', async () => {
		await expect(api().admin.audit({ filters: { from: '2026-13-01' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		const res = await exportAudit(exportEvent(admin, 'from=2026-02-01&to=2026-01-01'));
		expect(res.status).toBe(400);
		expect((await res.json()).fields).toHaveProperty('to');
	});

	it('shows the hash chain as verified', async () => {
		expect(await api().admin.auditChain()).toMatchObject({ ok: true });
	});
});

describe('audit export', () => {
	it('streams the viewer’s rows as CSV and as JSON, and records the export', async () => {
		const viewer = (await api().admin.audit({ filters: { actor: 'admin@demo.test', action: 'booking.read' }, limit: 200 })).rows.map((r) =>
			String(r.seq)
		);
		const csv = await exportAudit(exportEvent(admin, 'actor=admin%40demo.test&action=booking.read'));
		expect(csv.headers.get('content-type')).toContain('text/csv');
		expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
		const [header, ...lines] = (await csv.text()).trim().split('\n');
		expect(header!.split(',').slice(0, 4)).toEqual(['seq', 'occurredAt', 'action', 'outcome']);
		expect(lines.map((l) => l.split(',')[0])).toEqual(viewer);

		const json = (await (
			await exportAudit(exportEvent(admin, 'format=json&actor=admin%40demo.test&action=booking.read'))
		).json()) as Array<{ seq: number; actorEmail: string; hash: string }>;
		expect(json.map((r) => String(r.seq))).toEqual(viewer);
		expect(json[0]).toMatchObject({ actorEmail: 'admin@demo.test' });
		expect(json[0]!.hash).toMatch(/^[0-9a-f]{64}$/);

		const exports = (await api().admin.audit({ filters: { action: 'audit.export' } })).rows;
		expect(exports.length).toBeGreaterThanOrEqual(2);
		expect(exports[0]!.details).toMatchObject({ actor: 'admin@demo.test', action: 'booking.read' });
	});

	it('is for admins only', async () => {
		const res = await exportAudit(exportEvent(referrer, ''));
		expect(res.status).toBe(403);
		await expect(call(localsOf(app, referrer.meta, referrer.signedIn)).admin.audit({ filters: {} })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
	});
});

describe('audit sentences', () => {
	it('reads each row as a sentence, naming the booking by reference with a link, never the examinee', async () => {
		const { booking } = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			examinee: { givenNames: 'Priscilla', familyName: 'Private' }
		});
		await recordAudit(app.database.db, withOnBehalfOf(actorById(adminId), referrerId), {
			action: 'booking.read',
			outcome: 'granted',
			resourceType: 'booking',
			resourceId: booking.id
		});
		await recordAudit(app.database.db, actorById(referrerId), {
			action: 'document.upload',
			outcome: 'denied',
			resourceType: 'booking',
			resourceId: booking.id,
			details: { category: 'brief', reason: 'role' }
		});
		const rows = (await api().admin.audit({ filters: { resourceId: booking.id } })).rows;
		expect(rows).toHaveLength(2);
		const [denied, read] = rows;
		const adminName = read!.actorPerson!.name;
		const referrerName = read!.onBehalfOfPerson!.name;
		const words = (r: (typeof rows)[number]) => r.sentence.map((x) => x.text).join('');
		expect(words(read!)).toBe(`${adminName} for ${referrerName} viewed ${booking.reference}.`);
		expect(read!.sentence).toContainEqual({ text: booking.reference, href: `/bookings/${booking.id}` });
		expect(read!.sentence).toContainEqual({ text: adminName, href: '/admin/users?q=admin%40demo.test' });
		expect(words(denied!)).toBe(
			`${referrerName} was refused permission to upload a brief (letter of instruction) to ${booking.reference} (role not allowed).`
		);
		for (const r of rows) expect(JSON.stringify(r.sentence)).not.toMatch(/Priscilla|Private/);
	});
});
