/**
 * Documents end to end through the upload and download endpoints and the procedures: who may
 * upload and read what, the size cap and type checks leave nothing behind, Range reads, the
 * integrity checks, rename / delete / restore / purge, the sweeper, the malware-scan hook and the
 * report workflow. Runs on PGlite and on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { auditLog, booking, document, outbox } from '../../db/schema';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { createTestApp, localsOf, requestFrom, signIn, type TestApp } from '../../testing/app';
import { actorFor } from '../../auth/actor';
import { insertBooking, userIdOf } from '../../testing/bookings';
import * as files from '../../testing/files';
import type { SignedIn } from '../../auth/session';
import type { RequestMeta } from '../accounts/request-meta';
import { POST as upload } from '../../../../routes/api/bookings/[id=uuid]/documents/+server';
import { GET as download } from '../../../../routes/api/documents/[id=uuid]/download/+server';
import { LocalStore } from './local-store';
import { sweepDocuments } from './sweeper';
import { startS3, type TestS3 } from '../../testing/s3';
import { toWebStream } from '../../web-stream';

const call = createCallerFactory(appRouter);

interface World {
	app: TestApp;
	sessions: Map<string, { signedIn: SignedIn; meta: RequestMeta }>;
	bookings: Record<string, string>;
}

async function world(env: Record<string, string> = {}, store?: import('./storage').ObjectStore): Promise<World> {
	const app = await createTestApp(env, { documentStore: store });
	await seedDemo(app);
	const sessions = new Map<string, { signedIn: SignedIn; meta: RequestMeta }>();
	for (const email of ['admin@demo.test', 'referrer@demo.test', 'owner@demo.test', 'rival@demo.test', 'specialist@demo.test'])
		sessions.set(email, await signIn(app, email, DEMO_PASSWORD));
	const bookings: Record<string, string> = {};
	// Held yesterday with Dr Sam Specialist (specialist@demo.test), for Harbour Legal's referrer.
	bookings.held = (await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.now() - 86_400_000) })).booking.id;
	bookings.other = (
		await insertBooking(app, { ownerEmail: 'referrer@demo.test', specialistName: 'Dr Priya Patel' }).catch(() =>
			insertBooking(app, { ownerEmail: 'referrer@demo.test' })
		)
	).booking.id;
	bookings.rival = (await insertBooking(app, { ownerEmail: 'rival@demo.test' })).booking.id;
	return { app, sessions, bookings };
}

function eventFor(w: World, email: string | null, url: string, init: RequestInit = {}, params: Record<string, string> = {}) {
	const s = email ? w.sessions.get(email)! : null;
	const meta = { ...(s?.meta ?? w.sessions.get('referrer@demo.test')!.meta), requestId: crypto.randomUUID() };
	const request = new Request(`http://localhost:5173${url}`, { ...init, ...(init.body ? { duplex: 'half' } : {}) });
	const event = {
		locals: localsOf(w.app, meta, s?.signedIn ?? null),
		url: new URL(request.url),
		request,
		params
	} as unknown as RequestEvent;
	return { event, meta };
}

/** POST the bytes as `email`; streams them in pieces unless `declare` sends a Content-Length. */
async function put(
	w: World,
	email: string | null,
	bookingId: string,
	bytes: Buffer,
	opts: { category?: string; name?: string; declare?: boolean; contentType?: string | null } = {}
) {
	const body: BodyInit = opts.declare
		? new Uint8Array(bytes)
		: toWebStream(
				Readable.from(
					(function* () {
						for (let at = 0; at < bytes.length; at += 16_384) yield bytes.subarray(at, at + 16_384);
					})()
				)
			);
	const { event, meta } = eventFor(
		w,
		email,
		`/api/bookings/${bookingId}/documents?category=${opts.category ?? 'brief'}`,
		{
			method: 'POST',
			body,
			headers: {
				'x-file-name': encodeURIComponent(opts.name ?? 'Letter of instruction — Zoë.pdf'),
				...(opts.contentType === null ? {} : { 'content-type': opts.contentType ?? 'application/octet-stream' }),
				...(opts.declare ? { 'content-length': String(bytes.length) } : {})
			}
		},
		{ id: bookingId }
	);
	const res = await upload(event);
	return {
		res,
		json: (await res.json()) as { id: string; message: string; fields: Record<string, string> | null; name: string; contentType: string },
		meta
	};
}

async function get(w: World, email: string | null, id: string, headers: Record<string, string> = {}, query = '') {
	const { event, meta } = eventFor(w, email, `/api/documents/${id}/download${query}`, { headers }, { id });
	return { res: await download(event), meta };
}

const auditFor = (w: World, requestId: string) => w.app.database.db.select().from(auditLog).where(eq(auditLog.requestId, requestId));
const api = (w: World, email: string) => {
	const s = w.sessions.get(email)!;
	return call(localsOf(w.app, { ...s.meta, requestId: crypto.randomUUID() }, s.signedIn));
};
async function storedKeys(w: World) {
	const out: string[] = [];
	for await (const o of w.app.documents.store.list()) out.push(o.key);
	return out;
}

describe('documents', () => {
	let w: World;
	beforeAll(async () => {
		w = await world();
	});
	afterAll(() => w.app.close());

	/** The metrics' document bytes so far, one way. */
	const documentBytes = async (direction: 'upload' | 'download') =>
		(await w.app.metrics.registry.getSingleMetric('document_bytes_total')!.get()).values.find((v) => v.labels.direction === direction)
			?.value ?? 0;

	it('a referrer uploads a brief and downloads it whole, as an attachment that is not cached', async () => {
		const brief = files.pdf('Brief', 300_000);
		const bytesBefore = { upload: await documentBytes('upload'), download: await documentBytes('download') };
		const { res, json, meta } = await put(w, 'referrer@demo.test', w.bookings.held!, brief);
		expect(res.status).toBe(201);
		expect(await documentBytes('upload')).toBe(bytesBefore.upload + brief.length);
		expect(json.contentType).toBe('application/pdf');
		expect(json.name).toBe('Letter of instruction — Zoë.pdf');
		const [uploadAudit] = await auditFor(w, meta.requestId);
		expect(uploadAudit).toMatchObject({ action: 'document.upload', outcome: 'granted', resourceId: json.id });
		// Not the name (base64 in the record may hold any two letters, so the whole words are looked for).
		expect(JSON.stringify(uploadAudit)).not.toMatch(/Letter of instruction|Zoë/);

		const got = await get(w, 'referrer@demo.test', json.id);
		expect(got.res.status).toBe(200);
		expect(Buffer.from(await got.res.arrayBuffer()).equals(brief)).toBe(true);
		expect(await documentBytes('download')).toBe(bytesBefore.download + brief.length);
		const h = got.res.headers;
		expect(h.get('content-type')).toBe('application/pdf');
		expect(h.get('content-length')).toBe(String(brief.length));
		expect(h.get('content-disposition')).toBe(
			`attachment; filename="Letter of instruction _ Zo_.pdf"; filename*=UTF-8''Letter%20of%20instruction%20%E2%80%94%20Zo%C3%AB.pdf`
		);
		expect(h.get('cache-control')).toBe('no-store');
		expect(h.get('x-content-type-options')).toBe('nosniff');
		expect(h.get('content-security-policy')).toContain('sandbox');
		const [dl] = await auditFor(w, got.meta.requestId);
		expect(dl).toMatchObject({ action: 'document.download', outcome: 'granted', resourceId: json.id });

		// Nothing in the answer or the stored object points at the store or shows the content.
		for (const v of h.values()) expect(v).not.toMatch(/\/tmp\/|s3|amazonaws|X-Amz/i);
		const [row] = await w.app.database.db.select().from(document).where(eq(document.id, json.id));
		// The name is ciphertext: none of its words (base64 may hold "Zo" by chance, never "Zoë" or a word).
		expect(row!.nameEncrypted).not.toMatch(/Zoë|instruction|Letter/);
		const stored = await readFile(path.join((w.app.documents.store as LocalStore).dir, row!.storageKey.slice(0, 2), row!.storageKey));
		expect(stored.includes(Buffer.from('Brief'))).toBe(false);
	});

	it('answers a Range request with 206 and exactly those bytes, and 416 past the end', async () => {
		const data = files.pdf('Ranged', 600_000);
		const { json } = await put(w, 'referrer@demo.test', w.bookings.held!, data, { category: 'medical_records', name: 'records.pdf' });
		const part = await get(w, 'referrer@demo.test', json.id, { range: 'bytes=262100-262299' });
		expect(part.res.status).toBe(206);
		expect(part.res.headers.get('content-range')).toBe(`bytes 262100-262299/${data.length}`);
		expect(Buffer.from(await part.res.arrayBuffer()).equals(data.subarray(262100, 262300))).toBe(true);
		const tail = await get(w, 'referrer@demo.test', json.id, { range: 'bytes=-10' });
		expect(Buffer.from(await tail.res.arrayBuffer()).equals(data.subarray(-10))).toBe(true);
		const past = await get(w, 'referrer@demo.test', json.id, { range: `bytes=${data.length}-` });
		expect(past.res.status).toBe(416);
		expect(past.res.headers.get('content-range')).toBe(`bytes */${data.length}`);
	});

	it('every role asking for a document outside its scope gets 404 and an audit record', async () => {
		const { json } = await put(w, 'referrer@demo.test', w.bookings.other!, files.pdf('Other'), { name: 'other.pdf' });
		const rivals = ['rival@demo.test'];
		// The specialist of another booking: Dr Sam is not on "other" unless the fixture fell back to him.
		const [other] = await w.app.database.db.select().from(booking).where(eq(booking.id, w.bookings.other!));
		const [held] = await w.app.database.db.select().from(booking).where(eq(booking.id, w.bookings.held!));
		if (other!.specialistId !== held!.specialistId) rivals.push('specialist@demo.test');
		for (const email of rivals) {
			const got = await get(w, email, json.id);
			expect(got.res.status, email).toBe(404);
			expect(await got.res.json()).toEqual({ message: 'No such document.' });
			const [denied] = await auditFor(w, got.meta.requestId);
			expect(denied, email).toMatchObject({ action: 'access.denied', outcome: 'denied', resourceType: 'document', resourceId: json.id });
		}
		// And an upload to another organisation's booking looks like a missing booking.
		const up = await put(w, 'rival@demo.test', w.bookings.held!, files.pdf());
		expect(up.res.status).toBe(404);
		expect((await auditFor(w, up.meta.requestId))[0]).toMatchObject({ action: 'access.denied', resourceType: 'booking' });
		// Not signed in: 401, audited.
		const anon = await get(w, null, json.id);
		expect(anon.res.status).toBe(401);
	});

	it('the booking’s specialist downloads its brief; referrers never see dictations or drafts', async () => {
		const { json: brief } = await put(w, 'owner@demo.test', w.bookings.held!, files.pdf('For the doctor'), { name: 'brief.pdf' });
		expect((await get(w, 'specialist@demo.test', brief.id)).res.status).toBe(200);
		const dictation = await put(w, 'specialist@demo.test', w.bookings.held!, files.WAV, { category: 'dictation', name: 'dictation.wav' });
		expect(dictation.res.status).toBe(201);
		const hidden = await get(w, 'referrer@demo.test', dictation.json.id);
		expect(hidden.res.status).toBe(404);
		expect((await auditFor(w, hidden.meta.requestId))[0]).toMatchObject({
			action: 'access.denied',
			details: { operation: 'document.download', reason: 'hidden' }
		});
		const list = await api(w, 'referrer@demo.test').documents.list({ bookingId: w.bookings.held! });
		const categories = list.groups.flatMap((g) => g.categories.map((c) => c.category));
		expect(categories).not.toContain('dictation');
		expect(list.uploadable).toEqual(['consent_form', 'brief', 'medical_records', 'imaging', 'other']);
		// A referrer cannot upload a dictation (403, field named).
		const refused = await put(w, 'referrer@demo.test', w.bookings.held!, files.WAV, { category: 'dictation' });
		expect(refused.res.status).toBe(403);
		expect(refused.json.fields).toHaveProperty('category');
	});

	it('refuses an executable renamed .pdf, HTML, SVG and a polyglot, and keeps nothing', async () => {
		const before = await storedKeys(w);
		for (const [bytes, name] of [
			[files.EXE, 'report.pdf'],
			[files.HTML, 'page.pdf'],
			[files.SVG, 'image.png'],
			[files.PDF_HTML_POLYGLOT, 'poly.pdf']
		] as const) {
			const { res, json, meta } = await put(w, 'referrer@demo.test', w.bookings.held!, bytes, { name });
			expect(res.status, name).toBe(422);
			expect(json.fields).toHaveProperty('file');
			expect((await auditFor(w, meta.requestId))[0]).toMatchObject({ action: 'document.upload', outcome: 'denied' });
		}
		expect(await storedKeys(w)).toEqual(before);
		const audio = await put(w, 'admin@demo.test', w.bookings.held!, files.MP3, { category: 'brief', name: 'x.mp3' });
		expect(audio.res.status).toBe(422);
		expect(audio.json.fields).toHaveProperty('category');
		const empty = await put(w, 'referrer@demo.test', w.bookings.held!, Buffer.alloc(0));
		expect(empty.res.status).toBe(400);
		const badCategory = await put(w, 'referrer@demo.test', w.bookings.held!, files.pdf(), { category: 'invoice' });
		expect(badCategory.res.status).toBe(400);
		expect(badCategory.json.fields).toHaveProperty('category');
		expect(await storedKeys(w)).toEqual(before);
	});

	it('refuses markup hidden past the first 64 KiB, a zip bomb and a damaged office file; accepts a real document', async () => {
		const before = await storedKeys(w);
		const deep = Buffer.concat([files.pdf('Deep', 200_000), Buffer.from('\n<script>alert(1)</script>\n')]);
		// Split so the tag straddles two pieces of the stream.
		const seam = Buffer.concat([files.pdf('Seam', 100_000).subarray(0, 16_384 * 6 - 3), Buffer.from('<body>'), Buffer.alloc(40_000, 0x20)]);
		const bomb = files.zip(
			{ '[Content_Types].xml': '<Types/>', '_rels/.rels': '<Relationships/>', 'word/document.xml': 'x' },
			{ uncompressedBytes: 500 * 1024 * 1024 }
		);
		const damaged = files.docx().subarray(0, files.docx().length - 22);
		for (const [bytes, name, reason] of [
			[deep, 'deep.pdf', /web page content/],
			[seam, 'seam.pdf', /web page content/],
			[bomb, 'bomb.docx', /expand/],
			[damaged, 'damaged.docx', /damaged/]
		] as const) {
			const { res, json } = await put(w, 'referrer@demo.test', w.bookings.held!, bytes, { name });
			expect(res.status, name).toBe(422);
			expect(json.message, name).toMatch(reason);
		}
		expect(await storedKeys(w)).toEqual(before);
		expect((await put(w, 'referrer@demo.test', w.bookings.held!, files.docx(), { name: 'report.docx' })).res.status).toBe(201);
	});

	it('refuses names that hide their type behind direction characters, and keeps names in one Unicode form', async () => {
		const rlo = await put(w, 'referrer@demo.test', w.bookings.held!, files.pdf(), { name: `report\u202Efdp.exe` });
		expect(rlo.res.status).toBe(400);
		expect(rlo.json.fields).toHaveProperty('name');
		const decomposed = 'Zoe\u0301 brief.pdf';
		const ok = await put(w, 'referrer@demo.test', w.bookings.held!, files.pdf(), { name: decomposed });
		expect(ok.res.status).toBe(201);
		expect(ok.json.name).toBe(decomposed.normalize('NFC'));
		expect(ok.json.name).not.toBe(decomposed);
	});

	it('says what to send when the Content-Type is missing, instead of calling the file empty', async () => {
		const { res, json } = await put(w, 'referrer@demo.test', w.bookings.held!, files.pdf(), { declare: true, contentType: null });
		expect(res.status).toBe(415);
		expect(json.message).toContain('Content-Type');
	});

	it('renames, soft-deletes and restores, each audited; only admins restore', async () => {
		const { json } = await put(w, 'referrer@demo.test', w.bookings.held!, files.PNG, { category: 'other', name: 'photo.png' });
		const referrer = api(w, 'referrer@demo.test');
		await referrer.documents.rename({ id: json.id, name: 'Injury photo' });
		let list = await referrer.documents.list({ bookingId: w.bookings.held! });
		const item = list.groups.flatMap((g) => g.categories.flatMap((c) => c.items)).find((i) => i.id === json.id)!;
		expect(item.name).toBe('Injury photo');
		const saved = await get(w, 'referrer@demo.test', json.id);
		expect(saved.res.headers.get('content-disposition')).toContain('filename="Injury photo.png"');
		// Another member of the organisation can read it but not change it.
		await expect(api(w, 'owner@demo.test').documents.rename({ id: json.id, name: 'Mine now' })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await expect(referrer.documents.rename({ id: json.id, name: 'a/b' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

		await referrer.documents.remove({ id: json.id });
		expect((await get(w, 'referrer@demo.test', json.id)).res.status).toBe(404);
		list = await referrer.documents.list({ bookingId: w.bookings.held! });
		expect(list.groups.flatMap((g) => g.categories.flatMap((c) => c.items)).map((i) => i.id)).not.toContain(json.id);
		await expect(referrer.documents.restore({ id: json.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const admin = api(w, 'admin@demo.test');
		const adminList = await admin.documents.list({ bookingId: w.bookings.held! });
		expect(adminList.deleted.map((d) => d.id)).toContain(json.id);
		await admin.documents.restore({ id: json.id });
		expect((await get(w, 'referrer@demo.test', json.id)).res.status).toBe(200);
		const actions = (await w.app.database.db.select().from(auditLog).where(eq(auditLog.resourceId, json.id))).map((a) => a.action);
		expect(actions).toEqual(
			expect.arrayContaining(['document.upload', 'document.rename', 'document.delete', 'document.restore', 'document.download'])
		);
	});

	it('a corrupted stored object is never served as good, and the failure is audited', async () => {
		const data = files.pdf('Corrupt me', 400_000);
		const { json } = await put(w, 'referrer@demo.test', w.bookings.held!, data, { name: 'fragile.pdf' });
		const [row] = await w.app.database.db.select().from(document).where(eq(document.id, json.id));
		const file = path.join((w.app.documents.store as LocalStore).dir, row!.storageKey.slice(0, 2), row!.storageKey);
		const stored = await readFile(file);
		stored[stored.length - 100] = stored[stored.length - 100]! ^ 0xff;
		await writeFile(file, stored);
		const got = await get(w, 'referrer@demo.test', json.id);
		expect(got.res.status).toBe(200);
		await expect(got.res.arrayBuffer()).rejects.toThrow();
		await new Promise((r) => setTimeout(r, 50));
		const failures = await w.app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, json.id), eq(auditLog.action, 'document.integrity_failure')));
		expect(failures.length).toBeGreaterThan(0);
		expect(w.app.logLines.join('\n')).toContain('document failed its integrity check');
	});

	it('a stored object whose content no longer matches its SHA-256 is cut short before the end', async () => {
		const a = files.pdf('One', 300_000);
		const { json } = await put(w, 'referrer@demo.test', w.bookings.held!, a, { name: 'a.pdf' });
		await w.app.database.db
			.update(document)
			.set({ sha256: 'f'.repeat(64) })
			.where(eq(document.id, json.id));
		const got = await get(w, 'referrer@demo.test', json.id);
		const reader = got.res.body!.getReader();
		let received = 0;
		await expect(
			(async () => {
				for (;;) {
					const { done, value } = await reader.read();
					if (done) return;
					received += value.length;
				}
			})()
		).rejects.toThrow();
		expect(received).toBeLessThan(a.length);
	});

	it('an admin acting as a referrer is recorded as the uploader, on the referrer’s behalf', async () => {
		const { uploadDocument } = await import('./upload');
		const r = w.sessions.get('referrer@demo.test')!.signedIn;
		const adminId = await userIdOf(w.app, 'admin@demo.test');
		const { scopeFor } = await import('../../auth/scope');
		const doc = await uploadDocument(w.app, actorFor(requestFrom(), { ...r, impersonatedBy: adminId }), scopeFor(r.caller), {
			bookingId: w.bookings.held!,
			meta: { category: 'consent_form', section: 'ime', name: 'consent.pdf' },
			body: Readable.from([files.pdf('Consent')]),
			declaredBytes: null
		});
		const [row] = await w.app.database.db.select().from(document).where(eq(document.id, doc.id));
		expect(row).toMatchObject({ uploadedByUserId: adminId, onBehalfOfUserId: r.user.id });
		const [audit] = await w.app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, doc.id), eq(auditLog.action, 'document.upload')));
		expect(audit).toMatchObject({ actor: adminId, onBehalfOf: r.user.id });
	});
});

describe('size cap', () => {
	let w: World;
	beforeAll(async () => {
		w = await world({ DOCUMENT_MAX_BYTES: '100000' });
	});
	afterAll(() => w.app.close());

	it('an upload over the cap gets 413 while streaming and leaves nothing behind', async () => {
		const { res, json } = await put(w, 'referrer@demo.test', w.bookings.held!, files.pdf('Big', 300_000));
		expect(res.status).toBe(413);
		expect(json.message).toMatch(/larger than the 97\.7 KB limit|larger than the .* limit/);
		expect(await storedKeys(w)).toEqual([]);
		expect(await w.app.database.db.select().from(document)).toEqual([]);
	});

	it('an upload announced over the cap is refused before it is read', async () => {
		const { res } = await put(w, 'referrer@demo.test', w.bookings.held!, files.pdf('Big', 300_000), { declare: true });
		expect(res.status).toBe(413);
		expect(await storedKeys(w)).toEqual([]);
	});

	it('an upload just under the cap is accepted', async () => {
		const { res } = await put(w, 'referrer@demo.test', w.bookings.held!, files.pdf('Fits', 99_000));
		expect(res.status).toBe(201);
	});
});

describe('sweeper', () => {
	let w: World;
	beforeAll(async () => {
		w = await world();
	});
	afterAll(() => w.app.close());

	it('removes objects without a row after the grace period and purges documents deleted over 30 days ago', async () => {
		const store = w.app.documents.store as LocalStore;
		const dir = store.dir;
		const { json: kept } = await put(w, 'referrer@demo.test', w.bookings.held!, files.pdf('Kept'));
		const { json: gone } = await put(w, 'referrer@demo.test', w.bookings.held!, files.pdf('Gone'));
		// A crash between the store and the database leaves an object and a half-written part.
		const orphan = 'ab'.repeat(16);
		await store.put(orphan, Readable.from([Buffer.from('orphan')]));
		await writeFile(path.join(dir, 'ab', `${orphan}.part-0badc0de`), 'partial');
		const fresh = 'cd'.repeat(16);
		await store.put(fresh, Readable.from([Buffer.from('in flight')]));
		// Twenty minutes unchanged: past the 15-minute grace, so a crash's leftovers go soon after a restart.
		const old = new Date(Date.now() - 20 * 60_000);
		await utimes(path.join(dir, 'ab', orphan), old, old);
		await utimes(path.join(dir, 'ab', `${orphan}.part-0badc0de`), old, old);
		// Rows' objects are old too: they must stay.
		for (const o of await readdir(dir)) for (const f of await readdir(path.join(dir, o))) await utimes(path.join(dir, o, f), old, old);
		await utimes(path.join(dir, 'cd', fresh), new Date(), new Date());

		await api(w, 'referrer@demo.test').documents.remove({ id: gone.id });
		await w.app.database.db
			.update(document)
			.set({ deletedAt: new Date(Date.now() - 31 * 86_400_000) })
			.where(eq(document.id, gone.id));

		const report = await sweepDocuments(w.app);
		expect(report).toEqual({ orphansRemoved: 2, purged: 1 });
		const keys = await storedKeys(w);
		expect(keys).toContain(fresh);
		expect(keys).not.toContain(orphan);
		const [keptRow] = await w.app.database.db.select().from(document).where(eq(document.id, kept.id));
		expect(keys).toContain(keptRow!.storageKey);
		expect(await w.app.database.db.select().from(document).where(eq(document.id, gone.id))).toEqual([]);
		const [purge] = await w.app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, gone.id), eq(auditLog.action, 'document.purge')));
		expect(purge).toMatchObject({ actor: 'system' });
		expect((await get(w, 'referrer@demo.test', kept.id)).res.status).toBe(200);
	});
});

describe('malware scan hook', () => {
	let w: World;
	let server: net.Server;
	let dir: string;
	let received = 0;
	beforeAll(async () => {
		// A stand-in for clamd speaking its INSTREAM protocol, flagging the EICAR test string.
		dir = await mkdtemp(path.join(tmpdir(), 'ime-clamd-'));
		const socket = path.join(dir, 'clamd.sock');
		server = net.createServer((conn) => {
			let buf = Buffer.alloc(0);
			const data: Buffer[] = [];
			let command = false;
			conn.on('data', (d) => {
				buf = Buffer.concat([buf, d]);
				if (!command) {
					const end = buf.indexOf(0);
					if (end === -1) return;
					expect(buf.subarray(0, end).toString()).toBe('zINSTREAM');
					buf = buf.subarray(end + 1);
					command = true;
				}
				while (buf.length >= 4) {
					const n = buf.readUInt32BE(0);
					if (n === 0) {
						received++;
						const all = Buffer.concat(data);
						conn.end(all.includes(files.EICAR) ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
						return;
					}
					if (buf.length < 4 + n) return;
					data.push(buf.subarray(4, 4 + n));
					buf = buf.subarray(4 + n);
				}
			});
		});
		await new Promise<void>((r) => server.listen(socket, r));
		w = await world({ CLAMD_SOCKET: socket });
	});
	afterAll(async () => {
		await w.app.close();
		server.close();
		await rm(dir, { recursive: true, force: true });
	});

	it('accepts a clean file after the scan and refuses an infected one, keeping nothing', async () => {
		const clean = await put(w, 'referrer@demo.test', w.bookings.held!, files.pdf('Clean', 200_000));
		expect(clean.res.status).toBe(201);
		expect(received).toBe(1);
		const before = await storedKeys(w);
		const infected = Buffer.concat([files.pdf('Infected'), files.EICAR]);
		const bad = await put(w, 'referrer@demo.test', w.bookings.held!, infected, { name: 'infected.pdf' });
		expect(bad.res.status).toBe(422);
		expect(bad.json.message).toMatch(/virus scanner flagged/);
		expect(await storedKeys(w)).toEqual(before);
		expect((await auditFor(w, bad.meta.requestId))[0]).toMatchObject({
			action: 'document.upload',
			outcome: 'denied',
			details: { reason: 'malware' }
		});
	});
});

describe('report workflow', () => {
	let w: World;
	beforeAll(async () => {
		w = await world();
	});
	afterAll(() => w.app.close());

	const state = async () => {
		const [b] = await w.app.database.db.select().from(booking).where(eq(booking.id, w.bookings.held!));
		return { report: b!.reportState, stage: b!.stage };
	};

	it('dictation → transcription → draft → changes → draft → approval → final released to the referrer', async () => {
		const admin = api(w, 'admin@demo.test');
		const specialist = api(w, 'specialist@demo.test');
		const referrer = api(w, 'referrer@demo.test');
		const bookingId = w.bookings.held!;

		await put(w, 'specialist@demo.test', bookingId, files.M4A, { category: 'dictation', name: 'dictation.m4a' });
		expect(await state()).toEqual({ report: 'dictation_received', stage: 'report_in_progress' });
		await expect(referrer.documents.reportStep({ bookingId, step: 'start_transcription' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(specialist.documents.reportStep({ bookingId, step: 'start_transcription' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await admin.documents.reportStep({ bookingId, step: 'start_transcription' });
		expect((await state()).report).toBe('in_transcription');

		await put(w, 'admin@demo.test', bookingId, files.docx(), { category: 'draft_report', name: 'draft.docx' });
		expect((await state()).report).toBe('draft_review');
		const toSpecialist = await w.app.database.db.select().from(outbox).where(eq(outbox.template, 'report_draft_ready'));
		expect(toSpecialist).toHaveLength(1);

		await expect(specialist.documents.reportStep({ bookingId, step: 'request_changes' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await specialist.documents.reportStep({ bookingId, step: 'request_changes', note: 'Please add the range-of-motion table.' });
		expect((await state()).report).toBe('changes_requested');
		await put(w, 'admin@demo.test', bookingId, files.docx(), { category: 'draft_report', name: 'draft v2.docx' });
		await specialist.documents.reportStep({ bookingId, step: 'approve' });
		expect((await state()).report).toBe('approved');

		await expect(admin.documents.reportStep({ bookingId, step: 'release' })).rejects.toMatchObject({ code: 'CONFLICT' });
		const final = await put(w, 'admin@demo.test', bookingId, files.pdf('Final report'), {
			category: 'final_report',
			name: 'Final report.pdf'
		});
		// Not released yet: the referrer cannot see it.
		expect((await get(w, 'referrer@demo.test', final.json.id)).res.status).toBe(404);
		await admin.documents.reportStep({ bookingId, step: 'release' });
		expect(await state()).toEqual({ report: 'released', stage: 'report_ready' });
		const notice = await w.app.database.db.select().from(outbox).where(eq(outbox.template, 'report_ready'));
		expect(notice).toHaveLength(1);
		expect(notice[0]!.userId).toBe(await userIdOf(w.app, 'referrer@demo.test'));
		expect((await get(w, 'referrer@demo.test', final.json.id)).res.status).toBe(200);
		const list = await referrer.documents.list({ bookingId });
		expect(list.groups.flatMap((g) => g.categories.map((c) => c.category)).sort()).toEqual(['final_report']);

		const detail = await referrer.bookings.get({ id: bookingId });
		const steps = detail.history.map((h) => h.action).filter((a) => a.startsWith('report.'));
		expect(steps).toEqual([
			'report.dictation_received',
			'report.start_transcription',
			'report.draft_uploaded',
			'report.request_changes',
			'report.draft_uploaded',
			'report.approve',
			'report.release'
		]);
		expect(detail.history.find((h) => h.action === 'report.release')?.summary).toBe('Final report released');
		await expect(admin.documents.reportStep({ bookingId, step: 'release' })).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('lists held examinations awaiting their report with days since and the overdue flag', async () => {
		const late = await insertBooking(w.app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.now() - 15 * 86_400_000) });
		const queue = await api(w, 'admin@demo.test').documents.reportQueue();
		const item = queue.items.find((i) => i.id === late.booking.id)!;
		expect(item).toMatchObject({ daysSinceExam: 15, overdue: true, reportState: 'none' });
		expect(queue.items.map((i) => i.id)).not.toContain(w.bookings.held);
		expect(queue.overdue).toBeGreaterThanOrEqual(1);
		// The specialist sees their own queue; a referrer's scope holds only their bookings.
		const mine = await api(w, 'specialist@demo.test').documents.reportQueue();
		expect(mine.items.map((i) => i.id)).toContain(late.booking.id);
		expect((await api(w, 'rival@demo.test').documents.reportQueue()).items).toEqual([]);
	});
});

describe('documents on S3', () => {
	let w: World;
	let s3: TestS3;
	beforeAll(async () => {
		s3 = await startS3();
		w = await world({}, s3.store);
	});
	afterAll(async () => {
		await w.app.close();
		await s3.close();
	});

	it('uploads through the S3 store, encrypted, and downloads whole and by range', async () => {
		const data = Buffer.concat([files.pdf('S3', 10), randomBytes(1_200_000)]);
		const { res, json } = await put(w, 'referrer@demo.test', w.bookings.held!, data);
		expect(res.status).toBe(201);
		const [row] = await w.app.database.db.select().from(document).where(eq(document.id, json.id));
		expect(row!.storeKind).toBe('s3');
		const raw = await s3.store.get(row!.storageKey);
		const parts: Buffer[] = [];
		for await (const p of raw) parts.push(p as Buffer);
		expect(Buffer.concat(parts).includes(data.subarray(0, 64))).toBe(false);
		const whole = await get(w, 'referrer@demo.test', json.id);
		expect(Buffer.from(await whole.res.arrayBuffer()).equals(data)).toBe(true);
		const part = await get(w, 'referrer@demo.test', json.id, { range: 'bytes=500000-500999' });
		expect(part.res.status).toBe(206);
		expect(Buffer.from(await part.res.arrayBuffer()).equals(data.subarray(500000, 501000))).toBe(true);
	});
});
