/**
 * The data migration that brings existing bookings into cases, once: bookings without a case are
 * read in batches (keyset by id), their examinees opened, and grouped by organisation, claim
 * number (normalised), claimant name words (normalised) and date of birth. Each group with a claim
 * number becomes one case (or joins the open case with the same claim number and name), its
 * claimant and responsible referrer from the group's newest booking; bookings without a claim
 * number are left alone. Each group commits on its own, so an interrupted run resumes where it
 * stopped. The report holds counts only, never PHI.
 *
 * It runs at start-up after the SQL migrations (one instance at a time on PostgreSQL, under an
 * advisory lock; the data_migration row makes it once) and by `npm run cases:group`.
 */
import type { Database, Executor } from '../../db/client';
import type { Logger } from '../../logger';
import { SYSTEM_ACTOR_ID } from '../../auth/actor';
import { appendCaseHistory, insertCase } from '../../repositories/cases.repository';
import {
	attachBookingsToCase,
	bookingsWithoutCase,
	findDataMigration,
	lockDataMigrations,
	recordDataMigration
} from '../../repositories/case-links.repository';
import type { Cipher } from '../crypto/cipher';
import { nameTokens, nameWords, openExaminee } from '../booking/examinee';
import { matchingCase } from '../booking/case-link';
import { claimNumberHash, newCaseReference, normaliseClaimNumber, sealCaseDetails, sealClaimant } from './sealed';

export const GROUP_BOOKINGS_MIGRATION = 'group_bookings_into_cases';
const GROUP_PURPOSE = 'case-grouping';

export interface GroupingReport {
	/** Cases opened from groups of bookings. */
	casesCreated: number;
	/** Bookings put into a case (new or existing). */
	bookingsGrouped: number;
	/** Groups that joined a case already open for the same claim number and claimant. */
	joinedExistingCases: number;
	/** Bookings without a claim number: not grouped. */
	bookingsLeftAlone: number;
}

interface Deps {
	database: Pick<Database, 'db' | 'kind'>;
	cipher: Cipher;
}

interface Group {
	organizationId: string;
	ids: string[];
	oldest: Date;
	active: boolean;
	newest: { id: string; createdAt: Date; ownerUserId: string; teamId: string | null; examineeEncrypted: string };
}

/** Groups the bookings that have no case yet (see the file's comment). Safe to run again: grouped bookings are skipped. */
export async function groupBookingsIntoCases(deps: Deps, options: { batchSize?: number } = {}): Promise<GroupingReport> {
	const { database, cipher } = deps;
	const db = database.db;
	const batchSize = options.batchSize ?? 1000;
	const report: GroupingReport = { casesCreated: 0, bookingsGrouped: 0, joinedExistingCases: 0, bookingsLeftAlone: 0 };
	// The group key is a keyed hash: what stays in memory names no one.
	const groups = new Map<string, Group>();
	let after: string | null = null;
	for (;;) {
		const rows = await bookingsWithoutCase(db, after, batchSize);
		if (rows.length === 0) break;
		after = rows.at(-1)!.id;
		for (const r of rows) {
			const e = openExaminee(cipher, r.examineeEncrypted);
			const claim = normaliseClaimNumber(e.claimNumber ?? '');
			if (!claim) {
				report.bookingsLeftAlone++;
				continue;
			}
			const words = [...new Set(nameWords(`${e.givenNames} ${e.familyName}`))].sort().join(' ');
			const key = cipher.hmac(GROUP_PURPOSE, [r.organizationId, claim, words, e.dateOfBirth].join('\u0000'));
			const g = groups.get(key);
			const row = {
				id: r.id,
				createdAt: r.createdAt,
				ownerUserId: r.ownerUserId,
				teamId: r.teamId,
				examineeEncrypted: r.examineeEncrypted
			};
			if (!g) {
				groups.set(key, { organizationId: r.organizationId, ids: [r.id], oldest: r.createdAt, active: r.status === 'active', newest: row });
				continue;
			}
			g.ids.push(r.id);
			if (r.createdAt < g.oldest) g.oldest = r.createdAt;
			if (r.status === 'active') g.active = true;
			if (r.createdAt > g.newest.createdAt || (r.createdAt.getTime() === g.newest.createdAt.getTime() && r.id > g.newest.id))
				g.newest = row;
		}
		if (rows.length < batchSize) break;
	}
	for (const g of groups.values()) {
		const done = await db
			.transaction(async (tx) => groupOne(tx, cipher, g))
			.catch((err) => {
				if (err instanceof NothingToGroup) return null;
				throw err;
			});
		if (!done) continue;
		report.bookingsGrouped += done.moved;
		if (done.joined) report.joinedExistingCases++;
		else report.casesCreated++;
	}
	return report;
}

/** A group whose bookings were all grouped meanwhile (another run): its transaction rolls back. */
class NothingToGroup extends Error {}

async function groupOne(tx: Executor, cipher: Cipher, g: Group): Promise<{ moved: number; joined: boolean }> {
	const e = openExaminee(cipher, g.newest.examineeEncrypted);
	const hash = claimNumberHash(cipher, e.claimNumber);
	const tokens = nameTokens(cipher, e);
	const existing = await matchingCase(tx, cipher, { kind: 'all' }, g.organizationId, e);
	const caseId =
		existing?.id ??
		(
			await insertCase(tx, {
				reference: newCaseReference(),
				organizationId: g.organizationId,
				teamId: g.newest.teamId,
				ownerUserId: g.newest.ownerUserId,
				createdByUserId: SYSTEM_ACTOR_ID,
				claimantEncrypted: sealClaimant(cipher, e),
				claimantNameTokens: tokens,
				claimNumberHash: hash,
				detailsEncrypted: sealCaseDetails(cipher, {
					claimNumber: e.claimNumber,
					insurer: '',
					matterReference: e.matterReference ?? '',
					notes: ''
				}),
				status: g.active ? 'open' : 'closed',
				// The matter is as old as its first booking and last changed with its newest.
				createdAt: g.oldest,
				updatedAt: g.newest.createdAt
			})
		).id;
	const moved = await attachBookingsToCase(tx, g.ids, caseId);
	if (moved.length === 0) throw new NothingToGroup();
	await appendCaseHistory(tx, {
		caseId,
		action: existing ? 'case.booking_add' : 'case.create',
		actorUserId: SYSTEM_ACTOR_ID,
		detail: `${existing ? 'Added' : 'Grouped from'} ${moved.length} existing booking${moved.length === 1 ? '' : 's'} by claim number and claimant`
	});
	return { moved: moved.length, joined: !!existing };
}

/**
 * Runs the grouping unless it has run (the data_migration row), and records its report. On
 * PostgreSQL instances take turns under an advisory lock held by the recording transaction; the
 * groups commit on their own connections meanwhile. PGlite has one process, and one connection.
 * Answers the report, or null when it had run already.
 */
export async function groupBookingsOnce(deps: Deps, options: { batchSize?: number } = {}): Promise<GroupingReport | null> {
	const db = deps.database.db;
	if (await findDataMigration(db, GROUP_BOOKINGS_MIGRATION)) return null;
	if (deps.database.kind === 'pglite') {
		const report = await groupBookingsIntoCases(deps, options);
		return (await recordDataMigration(db, GROUP_BOOKINGS_MIGRATION, JSON.stringify(report))) ? report : null;
	}
	return db.transaction(async (tx) => {
		await lockDataMigrations(tx);
		if (await findDataMigration(tx, GROUP_BOOKINGS_MIGRATION)) return null;
		const report = await groupBookingsIntoCases(deps, options);
		await recordDataMigration(tx, GROUP_BOOKINGS_MIGRATION, JSON.stringify(report));
		return report;
	});
}

/** At start-up: run it once, logging the counts (never PHI). A failure is logged and retried at the next start. */
export async function groupBookingsAtStart(deps: Deps, logger: Logger): Promise<void> {
	try {
		const report = await groupBookingsOnce(deps);
		if (report) logger.info({ migration: GROUP_BOOKINGS_MIGRATION, ...report }, 'data migration ran');
	} catch (err) {
		logger.error({ migration: GROUP_BOOKINGS_MIGRATION, err: err instanceof Error ? err.name : 'error' }, 'data migration failed');
	}
}
