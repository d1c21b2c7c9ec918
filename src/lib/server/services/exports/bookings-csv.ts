/**
 * CSV export of the filtered bookings the caller may see (the same filters and scope as the list).
 * The file is streamed: csv-stringify is fed row by row from keyset batches, waiting whenever the
 * client reads slower than the database answers, so a 1,000,000-row export holds one batch in
 * memory, and a cancelled download stops the producer (see ./csv). The audit record says how many
 * rows and which filters, never the name searched for.
 */
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import type { Scope } from '../../auth/scope';
import { countForScope, listForScope, type BookingListFilters } from '../../repositories/booking.repository';
import type { BookingFilters } from '../../../schemas/booking-filters';
import { repositoryFilters, toListItem } from '../booking/booking-views';
import { recordAudit } from '../audit/audit';
import { keysetBatches, spreadsheetCsv, streamExport, type StreamedExport } from './csv';

const BATCH_SIZE = 500;

const COLUMNS = [
	{ key: 'reference', header: 'Reference' },
	{ key: 'when', header: 'Date and time (clinic)' },
	{ key: 'specialist', header: 'Specialist' },
	{ key: 'examType', header: 'Exam type' },
	{ key: 'stage', header: 'Stage' },
	{ key: 'status', header: 'Status' },
	{ key: 'examinee', header: 'Examinee' },
	{ key: 'claimNumber', header: 'Claim number' }
];

/** The CSV body and when its producer has stopped: keyset batches through csv-stringify, with backpressure. */
export function streamBookingsCsv(app: App, scope: Scope, filters: BookingListFilters, batchSize = BATCH_SIZE): StreamedExport {
	return streamExport(
		app.logger,
		'booking export',
		spreadsheetCsv({ header: true, bom: true, columns: COLUMNS }),
		keysetBatches((cursor) => listForScope(app.database.db, scope, filters, cursor, batchSize)),
		(r) => {
			const item = toListItem(app, r);
			return {
				reference: item.reference,
				when: item.when,
				specialist: item.specialistName,
				examType: item.appointmentTypeName,
				stage: item.stageLabel,
				status: item.statusLabel,
				examinee: item.examineeName,
				claimNumber: item.claimNumber
			};
		}
	);
}

/** The CSV body (tests use small batches). */
export function bookingsCsv(app: App, scope: Scope, filters: BookingListFilters, batchSize = BATCH_SIZE): ReadableStream<Uint8Array> {
	return streamBookingsCsv(app, scope, filters, batchSize).body;
}

/**
 * Counts the filtered set, records the export (before the first byte leaves, so an interrupted
 * download is on record too), then streams it. `f` are the list's filters as the caller gave them.
 */
export async function exportBookingsCsv(
	app: App,
	who: Actor,
	scope: Scope,
	f: BookingFilters
): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
	const filters = repositoryFilters(app, f);
	const count = await countForScope(app.database.db, scope, filters);
	await recordAudit(app.database.db, who, {
		action: 'booking.export',
		outcome: 'granted',
		resourceType: 'booking',
		details: {
			count,
			status: f.status,
			specialistIds: f.specialistIds.join(',') || null,
			from: f.from ?? null,
			to: f.to ?? null,
			timeZone: f.timeZone,
			sort: f.sort,
			dir: f.dir,
			// Whether a name was searched for, never the name.
			examineeSearch: Boolean(f.examinee)
		}
	});
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: f.timeZone }).format(new Date());
	return { filename: `bookings-${day}.csv`, body: bookingsCsv(app, scope, filters) };
}
