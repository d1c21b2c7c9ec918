import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayContains, eq } from 'drizzle-orm';
import { booking, bookingEnclosure, bookingLogistics, caseHistory, claimCase, document, outbox, twoFactor } from '../../db/schema';
import { seedDemo } from '../../demo/seed';
import { createTestApp, type TestApp } from '../../testing/app';
import { insertBooking } from '../../testing/bookings';
import { openExaminee, searchTokens } from '../booking/examinee';
import { enqueue } from '../outbox/outbox';
import { userIdOf } from '../../testing/bookings';
import { claimNumberHash, openCaseDetails, openCaseNote, openClaimant, sealCaseDetails, sealCaseNote, sealClaimant } from '../cases/sealed';
import { nameTokens } from '../booking/examinee';
import { member } from '../../db/schema';
import { Cipher, generateKey } from './cipher';
import { rotatePhi } from './rotate';

let app: TestApp;
/** The cipher after the last rotation (each test starts from what the one before left). */
let latest: Cipher;
beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app.close());

describe('PHI key rotation', () => {
	it('re-seals every value with the new key, keeps it readable, and rebuilds the name index', async () => {
		const { booking: b } = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			examinee: { givenNames: 'Rotating', familyName: 'Keyholder' }
		});
		await enqueue(app.database.db, app.cipher, { channel: 'email', template: 'invitation', to: 'x@example.com', subject: 's', text: 't' });
		// The old cipher's key stays configured beside a new active one.
		const oldKeys = (app.cipher as unknown as { keys: Map<string, Buffer> }).keys;
		const keys = new Map(oldKeys);
		keys.set('k2', Buffer.from(generateKey(), 'base64'));
		const rotated = new Cipher(keys, 'k2');
		latest = rotated;
		const report = await rotatePhi(app.database.db, rotated, 'k2');
		expect(report.booking).toBeGreaterThanOrEqual(1);
		const [after] = await app.database.db.select().from(booking).where(eq(booking.id, b.id));
		expect(rotated.keyIdOf(after!.examineeEncrypted)).toBe('k2');
		expect(openExaminee(rotated, after!.examineeEncrypted).familyName).toBe('Keyholder');
		const found = await app.database.db
			.select({ id: booking.id })
			.from(booking)
			.where(arrayContains(booking.examineeNameTokens, searchTokens(rotated, 'keyholder')));
		expect(found.map((f) => f.id)).toContain(b.id);
		const [msg] = await app.database.db.select().from(outbox).limit(1);
		expect(rotated.keyIdOf(msg!.payload)).toBe('k2');
		// Nothing left to do the second time.
		expect(Object.values(await rotatePhi(app.database.db, rotated, 'k2')).every((n) => n === 0)).toBe(true);
		// Naming a key the cipher does not seal with is refused at once (it would otherwise loop for ever).
		await expect(rotatePhi(app.database.db, rotated, 'k1')).rejects.toThrow(/not the active key/);
	});

	it('re-seals cases (claimant, details, name index, claim hash), case notes, enclosure reasons and logistics', async () => {
		const db = app.database.db;
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test' });
		const owner = await userIdOf(app, 'referrer@demo.test');
		const [m] = await db.select().from(member).where(eq(member.userId, owner));
		const claimant = {
			givenNames: 'Casey',
			familyName: 'Rotator',
			dateOfBirth: '1970-02-03',
			phone: '0400 000 111',
			email: '',
			address: '2 Key Street, Sydney NSW 2000',
			claimNumber: 'WC-555',
			dateOfInjury: '',
			interpreter: 'no' as const,
			language: '',
			matterReference: ''
		};
		const [c] = await db
			.insert(claimCase)
			.values({
				reference: 'CASE-ROTATE',
				organizationId: m!.organizationId,
				teamId: m!.teamId,
				ownerUserId: owner,
				createdByUserId: owner,
				claimantEncrypted: sealClaimant(latest, claimant),
				claimantNameTokens: nameTokens(latest, claimant),
				claimNumberHash: claimNumberHash(latest, 'WC-555'),
				detailsEncrypted: sealCaseDetails(latest, { claimNumber: 'WC-555', insurer: 'Acme Insurance', matterReference: '', notes: '' })
			})
			.returning();
		const [h] = await db
			.insert(caseHistory)
			.values({ caseId: c!.id, action: 'case.status', actorUserId: owner, noteEncrypted: sealCaseNote(latest, 'Casey asked to wait') })
			.returning();
		const [enc] = await db
			.insert(bookingEnclosure)
			.values({
				bookingId: b.id,
				category: 'imaging',
				label: 'Imaging',
				dueOn: '2027-01-01',
				state: 'not_applicable',
				reasonEncrypted: latest.encrypt('No scans taken', 'enclosure-reason')
			})
			.returning();
		await db.insert(bookingLogistics).values({
			bookingId: b.id,
			dataEncrypted: latest.encrypt('{"interpreterLanguage":"Greek"}', 'booking-logistics'),
			updatedByUserId: owner
		});

		const keys = new Map((latest as unknown as { keys: Map<string, Buffer> }).keys);
		keys.set('k3', Buffer.from(generateKey(), 'base64'));
		const rotated = new Cipher(keys, 'k3');
		latest = rotated;
		const report = await rotatePhi(db, rotated, 'k3');
		expect(report.claim_case).toBeGreaterThanOrEqual(1);
		expect(report.case_history).toBeGreaterThanOrEqual(1);
		expect(report.booking_enclosure).toBeGreaterThanOrEqual(1);
		expect(report.booking_logistics).toBeGreaterThanOrEqual(1);

		const [after] = await db.select().from(claimCase).where(eq(claimCase.id, c!.id));
		expect(rotated.keyIdOf(after!.claimantEncrypted)).toBe('k3');
		expect(rotated.keyIdOf(after!.detailsEncrypted)).toBe('k3');
		expect(openClaimant(rotated, after!.claimantEncrypted).familyName).toBe('Rotator');
		expect(openCaseDetails(rotated, after!.detailsEncrypted).insurer).toBe('Acme Insurance');
		expect(after!.claimantNameTokens).toEqual(nameTokens(rotated, claimant));
		expect(after!.claimNumberHash).toBe(claimNumberHash(rotated, 'wc 555'));
		expect(after!.claimNumberHash).not.toBe(c!.claimNumberHash);
		const [hAfter] = await db.select().from(caseHistory).where(eq(caseHistory.id, h!.id));
		expect(openCaseNote(rotated, hAfter!.noteEncrypted!)).toBe('Casey asked to wait');
		const [encAfter] = await db.select().from(bookingEnclosure).where(eq(bookingEnclosure.id, enc!.id));
		expect(rotated.keyIdOf(encAfter!.reasonEncrypted!)).toBe('k3');
		expect(rotated.decrypt(encAfter!.reasonEncrypted!, 'enclosure-reason')).toBe('No scans taken');
		const [logAfter] = await db.select().from(bookingLogistics).where(eq(bookingLogistics.bookingId, b.id));
		expect(rotated.decrypt(logAfter!.dataEncrypted, 'booking-logistics')).toContain('Greek');
		// Nothing left to do the second time.
		expect(Object.values(await rotatePhi(app.database.db, rotated, 'k3')).every((n) => n === 0)).toBe(true);
	});

	it("re-seals each document's name and data key (the stored object stays as it is and opens with the same key) and second-factor backup codes", async () => {
		const db = app.database.db;
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test' });
		const dataKey = generateKey();
		const [doc] = await db
			.insert(document)
			.values({
				bookingId: b.id,
				category: 'brief',
				nameEncrypted: latest.encrypt('Brief for Casey Rotator.pdf', 'document-name'),
				contentType: 'application/pdf',
				extension: 'pdf',
				sizeBytes: 10,
				sha256: 'a'.repeat(64),
				storeKind: 'local',
				storageKey: `rotation-${b.id}`,
				keyEncrypted: latest.encrypt(dataKey, 'document-key'),
				uploadedByUserId: await userIdOf(app, 'referrer@demo.test')
			})
			.returning();
		const codes = JSON.stringify(['aaaa-1111', 'bbbb-2222']);
		await db.insert(twoFactor).values({
			id: `tf-${b.id}`,
			secret: 'sealed-by-better-auth',
			backupCodes: latest.encrypt(codes, 'backup-codes'),
			userId: await userIdOf(app, 'specialist@demo.test')
		});
		const keys = new Map((latest as unknown as { keys: Map<string, Buffer> }).keys);
		keys.set('k4', Buffer.from(generateKey(), 'base64'));
		const rotated = new Cipher(keys, 'k4');
		const report = await rotatePhi(db, rotated, 'k4');
		expect(report.document_name).toBeGreaterThanOrEqual(1);
		expect(report.document_key).toBeGreaterThanOrEqual(1);
		const [after] = await db.select().from(document).where(eq(document.id, doc!.id));
		expect(rotated.keyIdOf(after!.nameEncrypted)).toBe('k4');
		expect(rotated.keyIdOf(after!.keyEncrypted)).toBe('k4');
		expect(rotated.decrypt(after!.nameEncrypted, 'document-name')).toBe('Brief for Casey Rotator.pdf');
		expect(rotated.decrypt(after!.keyEncrypted, 'document-key')).toBe(dataKey);
		expect(after!.storageKey).toBe(doc!.storageKey);
		expect(report.two_factor_backup_codes).toBe(1);
		const [tf] = await db
			.select()
			.from(twoFactor)
			.where(eq(twoFactor.id, `tf-${b.id}`));
		expect(rotated.keyIdOf(tf!.backupCodes)).toBe('k4');
		expect(rotated.decrypt(tf!.backupCodes, 'backup-codes')).toBe(codes);
		expect(Object.values(await rotatePhi(db, rotated, 'k4')).every((n) => n === 0)).toBe(true);
	});
});
