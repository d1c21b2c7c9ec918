/**
 * APP 12: the export gathers every booking of the same person (same name and date of birth, not a
 * namesake), their documents decrypted, and the audit records; it is audited; only admins get it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { insertBooking } from '../../testing/bookings';
import { pdf } from '../../testing/files';
import { scopeFor } from '../../auth/scope';
import { uploadDocument } from '../documents/upload';
import { upsertLogistics } from '../../repositories/logistics.repository';
import { sealLogistics } from '../cases/logistics';
import { logisticsSchema } from '../../../schemas/case';
import { GET as exportExaminee } from '../../../../routes/api/admin/bookings/[id=uuid]/examinee-export/+server';

let app: TestApp;
let dir: string;
const ZOE = { givenNames: 'Zoë', familyName: 'Quartermain', dateOfBirth: '1975-06-30' };
const ids: Record<string, { id: string; reference: string }> = {};

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	dir = await mkdtemp(path.join(tmpdir(), 'ime-app12-'));
	for (const [key, examinee] of [
		['first', ZOE],
		['second', { ...ZOE, givenNames: 'zoe' }],
		['namesake', { ...ZOE, dateOfBirth: '1990-01-01' }],
		['other', { givenNames: 'Alex', familyName: 'Other', dateOfBirth: '1975-06-30' }]
	] as const) {
		const { booking } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', examinee });
		ids[key] = { id: booking.id, reference: booking.reference };
	}
	const r = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
	await uploadDocument(app, r.actor, scopeFor(r.signedIn.caller), {
		bookingId: ids.second!.id,
		meta: { category: 'brief', section: 'ime', name: 'Brief for Zoë.pdf' },
		body: Readable.from([pdf('Brief for Zoe')]),
		declaredBytes: null
	});
	await upsertLogistics(app.database.db, {
		bookingId: ids.first!.id,
		dataEncrypted: sealLogistics(
			app.cipher,
			logisticsSchema.parse({ interpreterLanguage: 'Greek', accessibilityNote: 'Uses a walking frame' })
		),
		interpreterNeeded: true,
		techCheck: 'not_done',
		updatedByUserId: r.signedIn.caller.userId
	});
});
afterAll(async () => {
	await app.close();
	await rm(dir, { recursive: true, force: true });
});

async function asEvent(email: string, bookingId: string) {
	const s = await signIn(app, email, DEMO_PASSWORD);
	const url = new URL(`http://localhost:5173/api/admin/bookings/${bookingId}/examinee-export`);
	return {
		locals: localsOf(app, { ...s.meta, requestId: crypto.randomUUID() }, s.signedIn),
		url,
		request: new Request(url),
		params: { id: bookingId }
	} as unknown as RequestEvent;
}

describe('APP 12 examinee export', () => {
	it('holds every booking of that person, their documents and audit records — not a namesake’s', async () => {
		const event = await asEvent('admin@demo.test', ids.first!.id);
		const res = await exportExaminee(event);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/zip');
		expect(res.headers.get('content-disposition')).toBe(
			`attachment; filename="examinee-export-${ids.first!.reference}-${new Date().toISOString().slice(0, 10)}.zip"`
		);
		const file = path.join(dir, 'export.zip');
		await writeFile(file, Buffer.from(await res.arrayBuffer()));
		const names = execFileSync('zipinfo', ['-1', file], { encoding: 'utf8' }).trim().split('\n').sort();
		expect(names).toEqual(
			[
				'README.txt',
				'audit.json',
				'examinee.json',
				`bookings/${ids.first!.reference}/booking.json`,
				`bookings/${ids.second!.reference}/booking.json`,
				`bookings/${ids.second!.reference}/documents/brief/Brief for Zoë.pdf`
			].sort()
		);
		execFileSync('unzip', ['-q', '-o', file, '-d', path.join(dir, 'x')]);
		expect(await readFile(path.join(dir, 'x', `bookings/${ids.second!.reference}/documents/brief/Brief for Zoë.pdf`))).toEqual(
			pdf('Brief for Zoe')
		);
		const booking = JSON.parse(await readFile(path.join(dir, 'x', `bookings/${ids.first!.reference}/booking.json`), 'utf8'));
		expect(booking.examinee).toMatchObject({ familyName: 'Quartermain', dateOfBirth: '1975-06-30' });
		expect(booking.logistics).toMatchObject({ interpreterLanguage: 'Greek', accessibilityNote: 'Uses a walking frame' });
		const audits = JSON.parse(await readFile(path.join(dir, 'x', 'audit.json'), 'utf8')) as Array<{ action: string }>;
		expect(audits.map((a) => a.action)).toContain('document.upload');

		const [record] = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'examinee.export'), eq(auditLog.resourceId, ids.first!.id)));
		expect(record!.details).toMatchObject({ bookings: 2, documents: 1 });
	});

	it('is refused to anyone but our team, and audited', async () => {
		const res = await exportExaminee(await asEvent('owner@demo.test', ids.first!.id));
		expect(res.status).toBe(403);
		expect((await exportExaminee(await asEvent('admin@demo.test', crypto.randomUUID()))).status).toBe(404);
	});
});
