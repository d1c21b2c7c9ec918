/** The report queue with days since the examination, and which reports are overdue. */
import type { App } from '../../app';
import type { Scope } from '../../auth/scope';
import { reportQueue } from '../../repositories/document.repository';
import { REPORT_STATE_LABELS, type ReportState } from '../../../schemas/document';

const DAY = 86_400_000;

export async function reportsAwaited(app: App, scope: Scope, now = new Date()) {
	const rows = await reportQueue(app.database.db, scope, now);
	const due = app.documents.reportDueDays;
	const items = rows.map((r) => {
		const daysSinceExam = Math.floor((now.getTime() - r.startsAt.getTime()) / DAY);
		return {
			...r,
			reportStateLabel: REPORT_STATE_LABELS[r.reportState as ReportState] ?? r.reportState,
			daysSinceExam,
			overdue: daysSinceExam > due
		};
	});
	return { dueDays: due, items, overdue: items.filter((i) => i.overdue).length };
}
