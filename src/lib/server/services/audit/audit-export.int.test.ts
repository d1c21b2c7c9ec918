/**
 * The audit export, and the bookings export beside it: a download cancelled mid-stream stops the
 * producer (it ends, its batches let go, instead of waiting for a `drain` that never comes), and a
 * formula-looking value comes out inert in the CSV of each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditFiltersSchema } from '../../../schemas/audit';
import { auditLog } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { systemActor } from '../../auth/actor';
import { insertBooking } from '../../testing/bookings';
import type { SignedIn } from '../../auth/session';
import type { RequestMeta } from '../accounts/request-meta';
import type { RequestEvent } from '@sveltejs/kit';
import { bookingsCsv } from '../exports/bookings-csv';
import { recordAudit } from './audit';
import { exportAuditTrail, type AuditExportFormat } from './audit-export';
import { GET as exportAudit } from '../../../../routes/api/admin/audit/export/+server';
import { POST as exportBookings } from '../../../../routes/api/bookings/export.csv/+server';

const PROBE_FILTERS = auditFiltersSchema.parse({ resourceType: 'cancel_probe' });
const FORMULA = '=HYPERLINK("https://example.test/x","click")';
const PROBE_ROWS = 200;
// A batch (about 40 kB) more than the stream buffers hold: the producer is mid-batch, waiting, when the client cancels.
const BATCH = 40;

let app: TestApp;
let admin: { signedIn: SignedIn; meta: RequestMeta };

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
	// Rows of about 1 kB each, so the stream's buffers fill long before the last batch.
	await app.database.db.insert(auditLog).values(
		Array.from({ length: PROBE_ROWS }, (_, i) => ({
			actor: 'system',
			action: 'booking.read',
			outcome: 'granted',
			resourceType: 'cancel_probe',
			resourceId: `probe-${i}`,
			details: { pad: 'x'.repeat(1000) }
		}))
	);
	await recordAudit(app.database.db, systemActor({ requestId: '@SUM(A1)' }), {
		action: 'booking.read',
		outcome: 'granted',
		resourceType: 'formula_probe',
		resourceId: FORMULA
	});
	await insertBooking(app, {
		ownerEmail: 'owner@demo.test',
		examinee: { givenNames: '+Formula', familyName: 'Probe', claimNumber: FORMULA }
	});
});
afterAll(() => app.close());

/** The promise's value, or 'still running' if it has not settled within `ms` (a hang detector, not a speed test). */
const settledWithin = <T>(p: Promise<T>, ms = 10_000) =>
	Promise.race([p, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms).unref())]);

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. */
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

function exportEvent(path: string, body?: URLSearchParams) {
	const url = new URL(`http://localhost:5173${path}`);
	return {
		locals: localsOf(app, { ...admin.meta, requestId: crypto.randomUUID() }, admin.signedIn),
		url,
		request: new Request(url, body ? { method: 'POST', body } : undefined)
	} as unknown as RequestEvent;
}

describe('a cancelled audit export', () => {
	it.each<AuditExportFormat>(['csv', 'json'])('stops its producer and lets go of its batch (%s)', async (format) => {
		const exported = await exportAuditTrail(app, systemActor(), PROBE_FILTERS, format, { batchSize: BATCH });
		const reader = exported.body.getReader();
		expect((await reader.read()).done).toBe(false);
		await reader.cancel();
		// Ends (its batch source finalised) instead of waiting for ever on a stream that will never drain.
		const outcome = await settledWithin(exported.finished);
		expect(outcome).not.toBe('still running');
		expect(outcome).toMatchObject({ cancelled: true });
		// It stopped pulling batches: far from all of them were read.
		expect((outcome as { batches: number }).batches).toBeLessThan(PROBE_ROWS / BATCH);
	});

	it('read to the end, gives every row once', async () => {
		const exported = await exportAuditTrail(app, systemActor(), PROBE_FILTERS, 'csv', { batchSize: BATCH });
		const [, ...rows] = parseCsv(await new Response(exported.body).text());
		expect(new Set(rows.map((r) => r[9])).size).toBe(PROBE_ROWS);
		expect(await exported.finished).toMatchObject({ records: PROBE_ROWS, cancelled: false });
	});
});

describe('the spreadsheet-formula guard', () => {
	it('makes a formula-looking value inert in the audit CSV (the JSON keeps the value as recorded)', async () => {
		const [header, ...rows] = parseCsv(await (await exportAudit(exportEvent('/api/admin/audit/export?resourceType=formula_probe'))).text());
		expect(rows).toHaveLength(1);
		const cell = (name: string) => rows[0]![header!.indexOf(name)];
		expect(cell('resourceId')).toBe(`'${FORMULA}`);
		expect(cell('requestId')).toBe(`'@SUM(A1)`);
		expect(cell('actor')).toBe('system');

		const json = (await (
			await exportAudit(exportEvent('/api/admin/audit/export?format=json&resourceType=formula_probe'))
		).json()) as Array<{
			resourceId: string;
		}>;
		expect(json.map((r) => r.resourceId)).toEqual([FORMULA]);
	});

	it('makes a formula-looking value inert in the bookings CSV', async () => {
		const text = await (
			await exportBookings(exportEvent('/api/bookings/export.csv?status=all', new URLSearchParams({ examinee: 'probe' })))
		).text();
		const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
		expect(rows).toHaveLength(1);
		const cell = (name: string) => rows[0]![header!.indexOf(name)];
		expect(cell('Claim number')).toBe(`'${FORMULA}`);
		expect(cell('Examinee')).toBe("'+Formula Probe");
		// The same helper, whichever way the body is made.
		const direct = parseCsv((await new Response(bookingsCsv(app, { kind: 'all' }, { status: 'all' })).text()).replace(/^\uFEFF/, ''));
		expect(direct.some((r) => r.includes(`'${FORMULA}`))).toBe(true);
	});
});
