/** The needs-attention queue's order: severity first, then the item's moment, then its key. */
import { describe, expect, it } from 'vitest';
import { attentionQueue, PER_KIND, type AttentionInputs } from './needs-attention';

const AT = new Date('2027-03-10T01:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(AT.getTime() - days * DAY);
const SYD = 'Australia/Sydney';

const none: AttentionInputs = {
	catalogueSync: 'not_acuity',
	failedMessages: { count: 0, oldest: null },
	overdueEnclosures: [],
	overdueReports: { items: [], count: 0, dueDays: 10 },
	waitingFromAcuity: 0,
	syncConflicts: 0,
	fees: { items: [], count: 0 }
};
const report = (id: string, daysSinceExam: number) => ({
	id,
	reference: `IME-${id}`,
	startsAt: ago(daysSinceExam),
	clinicTimeZone: SYD,
	specialistName: 'Dr Sam Specialist',
	daysSinceExam
});
const fee = (id: string, daysAgo: number) => ({
	id,
	reference: `IME-${id}`,
	startsAt: ago(daysAgo),
	clinicTimeZone: SYD,
	feeCents: 33_000
});

describe('needs-attention queue', () => {
	it('is empty when nothing is wrong', () => {
		expect(attentionQueue(none, AT)).toEqual({ items: [], feesNotListed: 0 });
	});

	it('puts what affects people now first, overdue work next, money last — whatever the ages', () => {
		const { items } = attentionQueue(
			{
				...none,
				catalogueSync: { at: ago(0.1), ok: false },
				failedMessages: { count: 2, oldest: ago(1) },
				overdueEnclosures: [
					{ bookingId: 'e1', reference: 'IME-E1', startsAt: new Date(AT.getTime() + 2 * DAY), clinicTimeZone: SYD, labels: ['Imaging'] }
				],
				overdueReports: { items: [report('r1', 40)], count: 1, dueDays: 10 },
				waitingFromAcuity: 1,
				syncConflicts: 1,
				fees: { items: [fee('f1', 300)], count: 1 }
			},
			AT
		);
		expect(items.map((i) => [i.severity, i.kind])).toEqual([
			['now', 'messages_failed'], // failed a day ago
			['now', 'catalogue_sync'], // failed 2.4 hours ago
			['now', 'enclosures_overdue'], // examination in two days
			['overdue', 'report_overdue'], // due 30 days ago
			['overdue', 'acuity_waiting'], // undated: after the dated items
			['overdue', 'sync_conflicts'],
			['money', 'fee_to_invoice'] // 300 days old, still last
		]);
	});

	it('orders items of one severity oldest first, and says how late each report is', () => {
		const { items } = attentionQueue({ ...none, overdueReports: { items: [report('a', 25), report('b', 12)], count: 2, dueDays: 10 } }, AT);
		expect(items.map((i) => [i.reference, i.title])).toEqual([
			['IME-a', 'Report overdue by 15 days'],
			['IME-b', 'Report overdue by 2 days']
		]);
		expect(items[0]).toMatchObject({ href: '/bookings/a', since: ago(15) });
	});

	it('lists a few of each kind and sums up the rest', () => {
		const reports = Array.from({ length: PER_KIND + 1 }, (_, i) => report(`r${i}`, 40 - i));
		const fees = Array.from({ length: PER_KIND }, (_, i) => fee(`f${i}`, 50 - i));
		const { items, feesNotListed } = attentionQueue(
			{ ...none, overdueReports: { items: reports, count: 42, dueDays: 10 }, fees: { items: fees, count: 12 } },
			AT
		);
		expect(items.filter((i) => i.kind === 'report_overdue')).toHaveLength(PER_KIND);
		expect(items.find((i) => i.kind === 'reports_overdue_more')).toMatchObject({
			title: '37 more reports overdue',
			href: '/admin/reports'
		});
		expect(items.filter((i) => i.kind === 'fee_to_invoice').map((i) => i.href)).toEqual(
			fees.map((f) => `/bookings/${f.id}#cancellation-fee`)
		);
		expect(feesNotListed).toBe(7);
	});

	it('flags a catalogue sync that failed or stopped, not a recent one', () => {
		const kinds = (catalogueSync: AttentionInputs['catalogueSync']) =>
			attentionQueue({ ...none, catalogueSync }, AT).items.map((i) => i.title);
		expect(kinds({ at: ago(1 / 24), ok: true })).toEqual([]);
		expect(kinds({ at: ago(1 / 24), ok: false })).toEqual(['Acuity’s specialists and exam types could not be brought in']);
		expect(kinds({ at: ago(0.5), ok: true })).toEqual(['Acuity’s specialists and exam types have not been brought in lately']);
		expect(kinds(null)).toEqual([]);
		expect(kinds('not_acuity')).toEqual([]);
	});

	it('words counts in the singular and plural', () => {
		const title = (count: number) => attentionQueue({ ...none, failedMessages: { count, oldest: AT } }, AT).items[0]!.title;
		expect(title(1)).toBe('1 message could not be sent');
		expect(title(1200)).toBe('1,200 messages could not be sent');
	});
});
