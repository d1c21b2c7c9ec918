/**
 * The demo's cases: fourteen claimants' matters across schemes and insurers, open, on hold and
 * closed, each with its examinations (some several) taken from the demo bookings, whose examinee
 * becomes the case's claimant. Only for the demo (called by seedDemoBookings); deterministic.
 */
import { asc, eq, isNull } from 'drizzle-orm';
import type { App } from '../app';
import { booking, caseHistory, claimCase } from '../db/schema';
import type { CaseScheme, CaseStatus } from '../../schemas/case';
import type { Examinee } from '../../schemas/booking';
import { nameTokens, sealExaminee } from '../services/booking/examinee';
import { claimNumberHash, sealCaseDetails, sealClaimant } from '../services/cases/sealed';

interface DemoCase {
	reference: string;
	status: CaseStatus;
	scheme: CaseScheme;
	insurer: string;
	claimNumber: string;
	matterReference: string;
	notes: string;
	examinations: number;
	claimant: Omit<Examinee, 'claimNumber' | 'matterReference'>;
}

const person = (
	givenNames: string,
	familyName: string,
	dateOfBirth: string,
	address: string,
	phone: string,
	extra: Partial<Examinee> = {}
): DemoCase['claimant'] => ({
	givenNames,
	familyName,
	dateOfBirth,
	phone,
	email: '',
	address,
	dateOfInjury: '',
	interpreter: 'no',
	language: '',
	...extra
});

export const DEMO_CASES: DemoCase[] = [
	{
		reference: 'CASE-7K3Q9P',
		status: 'open',
		scheme: 'nsw_workers_comp',
		insurer: 'icare NSW',
		claimNumber: 'WC 2026/041 557',
		matterReference: 'HL-2231',
		notes: 'Lumbar injury lifting stock; liability accepted, capacity disputed.',
		examinations: 3,
		claimant: person('Mei Ling', 'Nguyen', '1979-04-12', '8 Wattle Street, Parramatta NSW 2150', '0412 555 019', {
			dateOfInjury: '2026-02-03',
			interpreter: 'yes',
			language: 'Vietnamese'
		})
	},
	{
		reference: 'CASE-M4TX2W',
		status: 'open',
		scheme: 'nsw_ctp',
		insurer: 'NRMA Insurance',
		claimNumber: 'CTP-8812044',
		matterReference: 'HL-2240',
		notes: 'Rear-end collision on the M4; whiplash and shoulder.',
		examinations: 2,
		claimant: person('Daniel', 'Walker', '1968-09-30', '41 Station Road, Auburn NSW 2144', '0421 774 310', { dateOfInjury: '2025-11-18' })
	},
	{
		reference: 'CASE-B8NV6R',
		status: 'open',
		scheme: 'vic_workcover',
		insurer: 'WorkSafe Victoria (EML)',
		claimNumber: 'VWC-33019875',
		matterReference: 'HL-2252',
		notes: 'Psychological injury; treating psychiatrist report on file.',
		examinations: 2,
		claimant: person('Sophie', 'Papadopoulos', '1985-01-22', '17 Lygon Street, Carlton VIC 3053', '0433 901 266')
	},
	{
		reference: 'CASE-Q2HD7L',
		status: 'open',
		scheme: 'qld_workcover',
		insurer: 'WorkCover Queensland',
		claimNumber: 'Q-2026-118342',
		matterReference: 'HL-2260',
		notes: '',
		examinations: 1,
		claimant: person('Tane', 'Whakarau', '1990-07-05', '3 Boundary Street, West End QLD 4101', '0455 218 904')
	},
	{
		reference: 'CASE-W9FJ3C',
		status: 'open',
		scheme: 'comcare',
		insurer: 'Comcare',
		claimNumber: 'CC 7740213',
		matterReference: 'HL-2263',
		notes: 'Repetitive strain, both wrists; Commonwealth employee.',
		examinations: 1,
		claimant: person('Aisha', 'Haddad', '1982-11-29', '25 Northbourne Avenue, Braddon ACT 2612', '0402 663 117', {
			interpreter: 'yes',
			language: 'Arabic'
		})
	},
	{
		reference: 'CASE-Z5PE8K',
		status: 'open',
		scheme: 'tpd_insurance',
		insurer: 'TAL Life',
		claimNumber: 'TPD-0049921',
		matterReference: 'HL-2270',
		notes: 'Total and permanent disablement claim under superannuation cover.',
		examinations: 2,
		claimant: person('Graham', "O'Connor", '1961-03-14', '9 Ocean Parade, Dee Why NSW 2099', '0418 330 762')
	},
	{
		reference: 'CASE-H6RM2T',
		status: 'on_hold',
		scheme: 'vic_tac',
		insurer: 'Transport Accident Commission',
		claimNumber: 'TAC 4410-2287',
		matterReference: 'HL-2188',
		notes: 'On hold while the claimant recovers from surgery.',
		examinations: 1,
		claimant: person('Wei', 'Chen', '1974-06-02', '112 High Street, Preston VIC 3072', '0431 005 882', {
			interpreter: 'yes',
			language: 'Mandarin'
		})
	},
	{
		reference: 'CASE-C3YB9N',
		status: 'on_hold',
		scheme: 'public_liability',
		insurer: 'QBE Insurance',
		claimNumber: 'PL-20260317',
		matterReference: 'HL-2195',
		notes: 'Slip in a shopping centre; awaiting imaging.',
		examinations: 2,
		claimant: person('Chloe', 'Martin', '1995-12-08', '6 Anzac Parade, Kensington NSW 2033', '0409 118 543')
	},
	{
		reference: 'CASE-T7LW4G',
		status: 'on_hold',
		scheme: 'medical_negligence',
		insurer: 'Avant Mutual',
		claimNumber: 'MN-5521',
		matterReference: 'HL-2201',
		notes: 'Expert opinion sought on post-operative care; mediation pending.',
		examinations: 1,
		claimant: person('Harjit', 'Kaur', '1970-10-19', '58 Woodville Road, Merrylands NSW 2160', '0422 870 156', {
			interpreter: 'yes',
			language: 'Punjabi'
		})
	},
	{
		reference: 'CASE-P2XK8D',
		status: 'closed',
		scheme: 'nsw_workers_comp',
		insurer: 'Allianz Australia',
		claimNumber: 'WC 2025/118 004',
		matterReference: 'HL-2034',
		notes: 'Settled after the second examination.',
		examinations: 2,
		claimant: person('Liam', 'Taylor', '1988-02-27', '14 Crown Street, Wollongong NSW 2500', '0414 227 690')
	},
	{
		reference: 'CASE-N8GS5V',
		status: 'closed',
		scheme: 'qld_ctp',
		insurer: 'Suncorp',
		claimNumber: 'QCTP-771093',
		matterReference: 'HL-2050',
		notes: '',
		examinations: 1,
		claimant: person('Ruby', 'Anderson', '1999-05-16', '31 Brunswick Street, Fortitude Valley QLD 4006', '0447 512 883')
	},
	{
		reference: 'CASE-F4QZ7M',
		status: 'closed',
		scheme: 'other',
		insurer: 'GIO',
		claimNumber: 'GIO-H-220914',
		matterReference: 'HL-2061',
		notes: 'Home insurance injury claim; closed on the report.',
		examinations: 1,
		claimant: person('Matteo', 'Rossi', '1957-08-03', '2 Norton Street, Leichhardt NSW 2040', '0403 664 021', {
			interpreter: 'yes',
			language: 'Italian'
		})
	},
	{
		reference: 'CASE-R9CJ2H',
		status: 'open',
		scheme: 'nsw_workers_comp',
		insurer: 'icare NSW',
		claimNumber: 'WC 2026/077 310',
		matterReference: 'SC-0918',
		notes: 'Knee reconstruction; return-to-work plan under review.',
		examinations: 2,
		claimant: person('Jack', 'Kelly', '1983-09-21', '77 Macquarie Street, Liverpool NSW 2170', '0419 380 224')
	},
	{
		reference: 'CASE-L6VD3X',
		status: 'closed',
		scheme: 'nsw_ctp',
		insurer: 'AAMI',
		claimNumber: 'CTP-7723310',
		matterReference: 'SC-0871',
		notes: '',
		examinations: 1,
		claimant: person('Priya', 'Singh', '1992-04-30', '19 Church Street, Ryde NSW 2112', '0438 105 779')
	}
];

/**
 * Turns demo bookings into the demo cases: each case takes bookings of one referrer (closed cases
 * past ones only, open cases one still to come when there is one). Answers how many cases it made.
 */
export async function seedDemoCases(app: App, now: Date): Promise<number> {
	const db = app.database.db;
	if ((await db.$count(claimCase)) > 0) return 0;
	const rows = await db
		.select({
			id: booking.id,
			organizationId: booking.organizationId,
			teamId: booking.teamId,
			ownerUserId: booking.ownerUserId,
			startsAt: booking.startsAt,
			createdAt: booking.createdAt,
			stage: booking.stage
		})
		.from(booking)
		.where(isNull(booking.caseId))
		.orderBy(asc(booking.startsAt), asc(booking.id));
	const owners = [...new Set(rows.map((r) => r.ownerUserId))].sort();
	const taken = new Set<string>();
	let made = 0;
	for (const [i, c] of DEMO_CASES.entries()) {
		// The cases go round the referrers; a referrer's examinations of one case are theirs.
		const owner = owners[i % owners.length];
		const mine = rows.filter((r) => r.ownerUserId === owner && !taken.has(r.id));
		const past = mine.filter((r) => r.startsAt < now && r.stage !== 'cancelled');
		const future = mine.filter((r) => r.startsAt > now && r.stage === 'scheduled');
		const picked =
			c.status === 'closed'
				? past.slice(-c.examinations)
				: [...past.slice(-(c.examinations - (future.length ? 1 : 0))), ...future.slice(0, 1)].slice(-c.examinations);
		if (picked.length === 0) continue;
		for (const p of picked) taken.add(p.id);
		const newest = picked.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
		const oldest = picked.reduce((a, b) => (b.createdAt < a.createdAt ? b : a));
		const claimant: Examinee = { ...c.claimant, claimNumber: c.claimNumber, matterReference: c.matterReference };
		const tokens = nameTokens(app.cipher, claimant);
		const changedAt = new Date(
			Math.min(now.getTime() - (i + 1) * 3_600_000, Math.max(...picked.map((p) => p.createdAt.getTime())) + 86_400_000)
		);
		await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(claimCase)
				.values({
					reference: c.reference,
					organizationId: newest.organizationId,
					teamId: newest.teamId,
					ownerUserId: newest.ownerUserId,
					createdByUserId: newest.ownerUserId,
					claimantEncrypted: sealClaimant(app.cipher, claimant),
					claimantNameTokens: tokens,
					claimNumberHash: claimNumberHash(app.cipher, c.claimNumber),
					detailsEncrypted: sealCaseDetails(app.cipher, {
						claimNumber: c.claimNumber,
						insurer: c.insurer,
						matterReference: c.matterReference,
						notes: c.notes
					}),
					scheme: c.scheme,
					status: c.status,
					createdAt: new Date(oldest.createdAt.getTime() - 3_600_000),
					updatedAt: changedAt
				})
				.returning({ id: claimCase.id });
			const caseId = row!.id;
			await tx.insert(caseHistory).values({
				caseId,
				action: 'case.create',
				actorUserId: newest.ownerUserId,
				at: new Date(oldest.createdAt.getTime() - 3_600_000),
				detail: 'Case opened'
			});
			for (const p of picked) {
				// The examinee of each examination is the case's claimant.
				await tx
					.update(booking)
					.set({ caseId, examineeEncrypted: sealExaminee(app.cipher, claimant), examineeNameTokens: tokens })
					.where(eq(booking.id, p.id));
				await tx.insert(caseHistory).values({
					caseId,
					action: 'case.booking_add',
					actorUserId: p.ownerUserId,
					bookingId: p.id,
					at: p.createdAt,
					detail: 'Examination booked'
				});
			}
			if (c.status !== 'open')
				await tx.insert(caseHistory).values({
					caseId,
					action: 'case.status',
					actorUserId: newest.ownerUserId,
					at: changedAt,
					detail: `open → ${c.status}`
				});
		});
		made++;
	}
	return made;
}
