/**
 * The dashboard's "needs attention": one list of what someone must fix, each item linking to where
 * it is fixed, ordered by one rule (`byUrgency`):
 *
 *  1. severity first —
 *     - now (people or bookings are affected at this moment): the Acuity catalogue sync failing,
 *       messages that could not be sent, documents overdue for an examination still to come;
 *     - overdue work: reports past their due date, appointments made in Acuity that are not
 *       bookings yet, changes made in Acuity that were not followed;
 *     - money: late-cancellation fees still to invoice;
 *  2. then, within a severity, the item whose moment came first: the oldest failure or due date,
 *     or for overdue documents the soonest examination (`since`);
 *  3. then by key, so the order never changes between two loads.
 *
 * Items about one booking name it by reference only (no examinee details).
 */
import { formatAud } from '../booking/cancellation-policy';

export const SEVERITY = { now: 1, overdue: 2, money: 3 } as const;
export type Severity = keyof typeof SEVERITY;

export type AttentionKind =
	| 'catalogue_sync'
	| 'messages_failed'
	| 'enclosures_overdue'
	| 'report_overdue'
	| 'reports_overdue_more'
	| 'acuity_waiting'
	| 'sync_conflicts'
	| 'fee_to_invoice';

const SEVERITY_OF: Record<AttentionKind, Severity> = {
	catalogue_sync: 'now',
	messages_failed: 'now',
	enclosures_overdue: 'now',
	report_overdue: 'overdue',
	reports_overdue_more: 'overdue',
	acuity_waiting: 'overdue',
	sync_conflicts: 'overdue',
	fee_to_invoice: 'money'
};

export interface AttentionItem {
	/** Unique in the list (kind and booking id, or the kind alone). */
	key: string;
	kind: AttentionKind;
	severity: Severity;
	/** The moment that orders items of one severity (see the top of this file). */
	since: Date;
	/** What is wrong, in plain words. */
	title: string;
	/** One more line: which booking, how late, what is missing. */
	detail: string;
	href: string;
	/** The booking's reference, when the item is about one booking. */
	reference: string | null;
	/** Shown in the clinic's zone beside the item, when about one examination. */
	startsAt: Date | null;
	clinicTimeZone: string | null;
}

export function byUrgency(a: AttentionItem, b: AttentionItem): number {
	return (
		SEVERITY[a.severity] - SEVERITY[b.severity] || a.since.getTime() - b.since.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
	);
}

/** Individual items of one kind shown before they are summed up in one line. */
export const PER_KIND = 5;
/** The catalogue sync runs hourly: older than this, it has stopped. */
export const CATALOGUE_STALE_HOURS = 3;

const DAY = 86_400_000;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-AU')} ${n === 1 ? one : many}`;

export interface AttentionInputs {
	/** 'not_acuity' with the built-in scheduler (nothing to sync); null before any instance has synced. */
	catalogueSync: { at: Date; ok: boolean } | null | 'not_acuity';
	failedMessages: { count: number; oldest: Date | null };
	overdueEnclosures: { bookingId: string; reference: string; startsAt: Date; clinicTimeZone: string; labels: string[] }[];
	/** Overdue reports, oldest examination first (at most PER_KIND are listed), and how many in all. */
	overdueReports: {
		items: { id: string; reference: string; startsAt: Date; clinicTimeZone: string; specialistName: string; daysSinceExam: number }[];
		count: number;
		dueDays: number;
	};
	waitingFromAcuity: number;
	syncConflicts: number;
	fees: { items: { id: string; reference: string; startsAt: Date; clinicTimeZone: string; feeCents: number }[]; count: number };
}

export function attentionQueue(input: AttentionInputs, at: Date): { items: AttentionItem[]; feesNotListed: number } {
	const items: AttentionItem[] = [];
	const add = (
		kind: AttentionKind,
		item: Omit<AttentionItem, 'kind' | 'severity' | 'reference' | 'startsAt' | 'clinicTimeZone'> & Partial<AttentionItem>
	) => items.push({ reference: null, startsAt: null, clinicTimeZone: null, ...item, kind, severity: SEVERITY_OF[kind] });

	const sync = input.catalogueSync;
	if (sync !== 'not_acuity' && sync) {
		if (!sync.ok)
			add('catalogue_sync', {
				key: 'catalogue_sync',
				since: sync.at,
				title: 'Acuity’s specialists and exam types could not be brought in',
				detail: 'The last try failed. New specialists or exam types in Acuity are not here yet.',
				href: '/admin/scheduling'
			});
		else if (at.getTime() - sync.at.getTime() > CATALOGUE_STALE_HOURS * 3_600_000)
			add('catalogue_sync', {
				key: 'catalogue_sync',
				since: sync.at,
				title: 'Acuity’s specialists and exam types have not been brought in lately',
				detail: `Last brought in ${plural(Math.floor((at.getTime() - sync.at.getTime()) / 3_600_000), 'hour')} ago.`,
				href: '/admin/scheduling'
			});
	}
	if (input.failedMessages.count > 0)
		add('messages_failed', {
			key: 'messages_failed',
			since: input.failedMessages.oldest ?? at,
			title: `${plural(input.failedMessages.count, 'message')} could not be sent`,
			detail: 'Check the address, then send again from the outgoing messages.',
			href: '/admin/outbox'
		});
	for (const e of input.overdueEnclosures)
		add('enclosures_overdue', {
			key: `enclosures_overdue:${e.bookingId}`,
			since: e.startsAt,
			title: 'Documents overdue for an examination',
			detail: `Overdue: ${e.labels.join(', ')}`,
			href: `/bookings/${e.bookingId}`,
			reference: e.reference,
			startsAt: e.startsAt,
			clinicTimeZone: e.clinicTimeZone
		});
	const reports = input.overdueReports;
	for (const r of reports.items.slice(0, PER_KIND)) {
		const late = r.daysSinceExam - reports.dueDays;
		add('report_overdue', {
			key: `report_overdue:${r.id}`,
			since: new Date(r.startsAt.getTime() + reports.dueDays * DAY),
			title: `Report overdue by ${plural(late, 'day')}`,
			detail: `${r.specialistName} · examined ${plural(r.daysSinceExam, 'day')} ago`,
			href: `/bookings/${r.id}`,
			reference: r.reference,
			startsAt: r.startsAt,
			clinicTimeZone: r.clinicTimeZone
		});
	}
	const moreReports = reports.count - Math.min(reports.items.length, PER_KIND);
	if (moreReports > 0) {
		const next = reports.items[PER_KIND];
		add('reports_overdue_more', {
			key: 'reports_overdue_more',
			since: next ? new Date(next.startsAt.getTime() + reports.dueDays * DAY) : at,
			title: `${plural(moreReports, 'more report')} overdue`,
			detail: 'The report queue lists them all, oldest first.',
			href: '/admin/reports'
		});
	}
	if (input.waitingFromAcuity > 0)
		add('acuity_waiting', {
			key: 'acuity_waiting',
			// How long they have waited is not recorded: after the dated items of the same severity.
			since: at,
			title: `${plural(input.waitingFromAcuity, 'appointment')} made in Acuity ${input.waitingFromAcuity === 1 ? 'is' : 'are'} not a booking yet`,
			detail: 'Make each one a booking, or leave it if it is not an examination.',
			href: '/admin/scheduling'
		});
	if (input.syncConflicts > 0)
		add('sync_conflicts', {
			key: 'sync_conflicts',
			since: at,
			title: `${plural(input.syncConflicts, 'change')} made in Acuity could not be followed`,
			detail: 'Decide what each booking should do.',
			href: '/admin/scheduling'
		});
	for (const f of input.fees.items.slice(0, PER_KIND))
		add('fee_to_invoice', {
			key: `fee_to_invoice:${f.id}`,
			since: f.startsAt,
			title: `Late-cancellation fee to invoice: ${formatAud(f.feeCents)}`,
			detail: 'Invoice it, then mark it invoiced on the booking.',
			href: `/bookings/${f.id}#cancellation-fee`,
			reference: f.reference,
			startsAt: f.startsAt,
			clinicTimeZone: f.clinicTimeZone
		});
	return { items: items.sort(byUrgency), feesNotListed: Math.max(0, input.fees.count - Math.min(input.fees.items.length, PER_KIND)) };
}
