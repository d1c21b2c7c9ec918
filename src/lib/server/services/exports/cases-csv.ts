/**
 * CSV export of the filtered cases the caller may see (the same filters and scope as the list),
 * streamed from keyset batches like the bookings export (./bookings-csv.ts). The audit record says
 * how many rows and which filters, never the name searched for.
 */
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import type { Scope } from '../../auth/scope';
import { countCasesForScope, listCasesForScope, type CaseListFilters } from '../../repositories/cases.repository';
import type { CaseFilters } from '../../../schemas/case-filters';
import { CASE_CALENDAR_ZONE, caseRepositoryFilters, toCaseListItem } from '../cases/cases';
import { recordAudit } from '../audit/audit';
import { keysetBatches, spreadsheetCsv, streamExport } from './csv';

const BATCH_SIZE = 500;

const COLUMNS = [
	{ key: 'reference', header: 'Case reference' },
	{ key: 'claimant', header: 'Claimant' },
	{ key: 'claimNumber', header: 'Claim number' },
	{ key: 'scheme', header: 'Jurisdiction / scheme' },
	{ key: 'insurer', header: 'Insurer or defendant' },
	{ key: 'matterReference', header: 'Matter reference' },
	{ key: 'referrer', header: 'Responsible referrer' },
	{ key: 'status', header: 'Status' },
	{ key: 'examinations', header: 'Examinations' },
	{ key: 'updated', header: 'Last changed (UTC)' }
];

/** The CSV body (tests use small batches). */
export function casesCsv(app: App, scope: Scope, filters: CaseListFilters, batchSize = BATCH_SIZE): ReadableStream<Uint8Array> {
	return streamExport(
		app.logger,
		'case export',
		spreadsheetCsv({ header: true, bom: true, columns: COLUMNS }),
		keysetBatches((cursor) => listCasesForScope(app.database.db, scope, filters, cursor, batchSize)),
		(r) => {
			const item = toCaseListItem(app, r);
			return {
				reference: item.reference,
				claimant: item.claimantName,
				claimNumber: item.claimNumber,
				scheme: item.schemeLabel,
				insurer: item.insurer,
				matterReference: item.matterReference,
				referrer: item.ownerName,
				status: item.statusLabel,
				examinations: item.examinations,
				updated: item.updatedAt.toISOString().slice(0, 16).replace('T', ' ')
			};
		}
	).body;
}

/** Counts the filtered set, records the export (before the first byte leaves), then streams it. */
export async function exportCasesCsv(
	app: App,
	who: Actor,
	scope: Scope,
	f: CaseFilters,
	batchSize = BATCH_SIZE
): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
	const filters = caseRepositoryFilters(app, f);
	const count = await countCasesForScope(app.database.db, scope, filters);
	await recordAudit(app.database.db, who, {
		action: 'case.export',
		outcome: 'granted',
		resourceType: 'case',
		details: {
			count,
			status: f.status,
			referrer: f.referrer ?? null,
			overdue: f.overdue,
			// Whether a name was searched for, never the name.
			claimantSearch: Boolean(f.claimant)
		}
	});
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: CASE_CALENDAR_ZONE }).format(new Date());
	return { filename: `cases-${day}.csv`, body: casesCsv(app, scope, filters, batchSize) };
}
