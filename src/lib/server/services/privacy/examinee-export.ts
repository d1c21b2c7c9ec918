/**
 * APP 12 (access to personal information): everything we hold on one examinee, as a ZIP an admin
 * hands over. The examinee is the one of a given booking; their other bookings are found through
 * the name's blind index and confirmed by full name and date of birth. The ZIP holds a JSON file of
 * their details, one per booking (with intake answers, progress and notes), every document of those
 * bookings (decrypted, integrity-checked), and the audit records about them. It is streamed: one
 * document is read at a time. The export is audited before the first byte.
 */
import { once } from 'node:events';
import { pipeline, type Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors';
import { auditRecordsAbout } from '../../repositories/audit.repository';
import { liveDocumentsOfBookings } from '../../repositories/document.repository';
import {
	appointmentTypeIntakes,
	bookingsWithNameTokens,
	findBookingById,
	historyOfBookings,
	specialistNames
} from '../../repositories/privacy.repository';
import { userNames } from '../../repositories/referrers.repository';
import { recordAudit } from '../audit/audit';
import { caseAuditRecords, caseHistoryOf, casesOfBookings, casesWithClaimantTokens } from '../../repositories/cases.repository';
import { openCaseDetails, openCaseNote, openClaimant } from '../cases/sealed';
import { examineeName, nameWords, openExaminee, openIntake } from '../booking/examinee';
import { decryptStream, verifySha256 } from '../documents/envelope';
import { downloadName } from '../documents/download';
import { openName } from '../documents/shared';
import { isUuid } from '../../../ids';
import { logisticsForScope } from '../../repositories/logistics.repository';
import { openLogistics } from '../cases/logistics';

const sameName = (a: string, b: string) => nameWords(a).join(' ') === nameWords(b).join(' ');

export async function examineeExport(app: App, who: Actor, bookingId: string): Promise<{ filename: string; body: Readable }> {
	const db = app.database.db;
	if (!isUuid(bookingId)) throw new AppError('NOT_FOUND', 'No such booking.');
	const origin = await findBookingById(db, bookingId);
	if (!origin) throw new AppError('NOT_FOUND', 'No such booking.');
	const person = openExaminee(app.cipher, origin.examineeEncrypted);

	// Candidates share every name token; the person is confirmed by full name and date of birth.
	const candidates = await bookingsWithNameTokens(db, origin.examineeNameTokens);
	const theirs = candidates.filter((b) => {
		if (b.id === origin.id) return true;
		const e = openExaminee(app.cipher, b.examineeEncrypted);
		return e.dateOfBirth === person.dateOfBirth && sameName(examineeName(e), examineeName(person));
	});
	const ids = theirs.map((b) => b.id);
	const [docs, history, specs, types, logistics] = await Promise.all([
		liveDocumentsOfBookings(db, ids),
		historyOfBookings(db, ids),
		specialistNames(db),
		appointmentTypeIntakes(db),
		// The export is the service's own (admins only): every one of their bookings, whoever's scope.
		logisticsForScope(db, { kind: 'all' }, ids)
	]);
	// Their cases: those of these bookings, and any other whose claimant is the same person.
	const [linkedCases, namedCases] = await Promise.all([casesOfBookings(db, ids), casesWithClaimantTokens(db, origin.examineeNameTokens)]);
	const cases = [
		...linkedCases,
		...namedCases.filter((c) => {
			if (linkedCases.some((l) => l.id === c.id)) return false;
			const claimant = openClaimant(app.cipher, c.claimantEncrypted);
			return claimant.dateOfBirth === person.dateOfBirth && sameName(examineeName(claimant), examineeName(person));
		})
	];
	const caseHistories = await Promise.all(cases.map((c) => caseHistoryOf(db, c.id)));
	const resourceIds = [...ids, ...docs.map((d) => d.id)];
	const audits = [
		...(await auditRecordsAbout(db, ids, resourceIds)),
		...(await caseAuditRecords(
			db,
			cases.map((c) => c.id)
		))
	].sort((a, b) => Number(a.seq) - Number(b.seq));
	const people = new Map(
		(
			await userNames(db, [
				...new Set([
					...theirs.flatMap((b) => [b.ownerUserId, b.createdByUserId]),
					...history.map((h) => h.actorUserId),
					...cases.map((c) => c.ownerUserId),
					...caseHistories.flat().map((h) => h.actorUserId)
				])
			])
		).map((u) => [u.id, u.name])
	);

	await recordAudit(db, who, {
		action: 'examinee.export',
		outcome: 'granted',
		resourceType: 'booking',
		resourceId: origin.id,
		details: { bookings: theirs.length, documents: docs.length, cases: cases.length, auditRecords: audits.length }
	});

	const zip = new ZipArchive({ zlib: { level: 6 } });
	const json = (v: unknown) => JSON.stringify(v, null, 2);
	const fill = async () => {
		zip.append(
			[
				'Personal information held about one examinee (Australian Privacy Principle 12).',
				`Prepared ${new Date().toISOString()} from booking ${origin.reference}.`,
				'examinee.json — their details as last given to us.',
				'bookings/<reference>/booking.json — each examination: time, specialist, answers, logistics (interpreter, access, travel), progress and notes.',
				'bookings/<reference>/documents/ — every document held for it.',
				'cases/<reference>/case.json — each case (matter) about them: claim, scheme, insurer, status and its history.',
				'audit.json — every recorded access to and change of these bookings, documents and cases.',
				''
			].join('\n'),
			{ name: 'README.txt' }
		);
		zip.append(json(person), { name: 'examinee.json' });
		for (const b of theirs) {
			const type = types.find((t) => t.id === b.appointmentTypeId);
			const answers = openIntake(app.cipher, b.intakeEncrypted);
			const record = {
				reference: b.reference,
				startsAt: b.startsAt.toISOString(),
				clinicTimeZone: b.clinicTimeZone,
				specialist: specs.find((s) => s.id === b.specialistId) ?? null,
				examType: type?.name ?? null,
				stage: b.stage,
				status: b.status,
				report: b.reportState,
				referrer: people.get(b.ownerUserId) ?? null,
				bookedBy: people.get(b.createdByUserId) ?? null,
				examinee: openExaminee(app.cipher, b.examineeEncrypted),
				intake: (type?.intakeFields ?? []).map((f) => ({ question: f.name, answer: answers[`q_${f.id}`] ?? null })),
				logistics: (() => {
					const row = logistics.find((l) => l.bookingId === b.id);
					return row?.dataEncrypted ? openLogistics(app.cipher, row.dataEncrypted) : null;
				})(),
				history: history
					.filter((h) => h.bookingId === b.id)
					.map((h) => ({
						at: h.at.toISOString(),
						action: h.action,
						by: people.get(h.actorUserId) ?? h.actorUserId,
						fromStage: h.fromStage,
						toStage: h.toStage,
						note: h.noteEncrypted ? app.cipher.decrypt(h.noteEncrypted, 'booking-note') : null
					})),
				documents: docs
					.filter((d) => d.bookingId === b.id)
					.map((d) => ({
						name: openName(app, d),
						category: d.category,
						sizeBytes: d.sizeBytes,
						sha256: d.sha256,
						uploadedAt: d.createdAt.toISOString()
					}))
			};
			zip.append(json(record), { name: `bookings/${b.reference}/booking.json` });
			const used = new Set<string>();
			for (const d of docs.filter((x) => x.bookingId === b.id)) {
				let name = downloadName(openName(app, d), d.extension).replace(/[/\\]/g, '_');
				for (let i = 2; used.has(name); i++) name = name.replace(/(\.[a-z0-9]+)?$/i, (ext) => ` (${i})${ext}`);
				used.add(name);
				const key = Buffer.from(app.cipher.decrypt(d.keyEncrypted, 'document-key'), 'base64');
				const source = await app.documents.store.get(d.storageKey);
				const plain = (pipeline as (...s: unknown[]) => Readable)(
					source,
					decryptStream(key, d.sizeBytes),
					verifySha256(d.sha256),
					() => undefined
				);
				zip.append(plain, { name: `bookings/${b.reference}/documents/${d.category}/${name}` });
				// One document at a time: wait until this entry is written before opening the next.
				await once(zip, 'entry');
			}
		}
		cases.forEach((c, i) => {
			const record = {
				reference: c.reference,
				status: c.status,
				scheme: c.scheme,
				referrer: people.get(c.ownerUserId) ?? null,
				createdAt: c.createdAt.toISOString(),
				claimant: openClaimant(app.cipher, c.claimantEncrypted),
				details: openCaseDetails(app.cipher, c.detailsEncrypted),
				examinations: theirs.filter((b) => b.caseId === c.id).map((b) => b.reference),
				history: [...caseHistories[i]!].reverse().map((h) => ({
					at: h.at.toISOString(),
					action: h.action,
					by: people.get(h.actorUserId) ?? h.actorUserId,
					detail: h.detail,
					note: h.noteEncrypted ? openCaseNote(app.cipher, h.noteEncrypted) : null
				}))
			};
			zip.append(json(record), { name: `cases/${c.reference}/case.json` });
		});
		zip.append(
			json(
				audits.map((a) => ({
					seq: a.seq,
					at: a.occurredAt.toISOString(),
					action: a.action,
					outcome: a.outcome,
					actor: people.get(a.actor) ?? a.actor,
					resourceType: a.resourceType,
					resourceId: a.resourceId
				}))
			),
			{
				name: 'audit.json'
			}
		);
		await zip.finalize();
	};
	fill().catch((err: unknown) => {
		app.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'examinee export failed');
		zip.destroy(err instanceof Error ? err : new Error('export failed'));
	});
	const day = new Date().toISOString().slice(0, 10);
	return { filename: `examinee-export-${origin.reference}-${day}.zip`, body: zip };
}
