/**
 * The report's progress, beside the booking's stage:
 *   specialist uploads a dictation → admin marks it in transcription → admin uploads the draft →
 *   specialist approves (or asks for changes with a note, and a new draft follows) → admin
 *   releases the final report → the referrer is notified and the booking is "report ready".
 * Uploads move it where the step is an upload; the other steps are explicit. Each step writes a
 * history row and an audit record in the same transaction as the change.
 */
import type { App } from '../../app';
import type { Caller, Scope } from '../../auth/scope';
import type { Executor } from '../../db/client';
import type { BookingStage } from '../../db/schema';
import { AppError } from '../../errors';
import { insertHistory } from '../../repositories/booking-history.repository';
import { findLiveFinalReport } from '../../repositories/document.repository';
import { setReportProgress, specialistAccount, userAccount } from '../../repositories/report.repository';
import { REPORT_STATE_LABELS, type DocumentCategory, type ReportState } from '../../../schemas/document';
import { recordAudit } from '../audit/audit';
import { attributionOf, type SignedInActor } from '../../auth/actor';
import { callerCan } from '../../auth/access';
import { lockBooking, loadForChange, type BookingRow } from '../booking/lifecycle-change';
import { enqueue } from '../outbox/outbox';

export const REPORT_STEPS = ['start_transcription', 'approve', 'request_changes', 'release'] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

/** What each history row of the report says in the timeline. */
export const REPORT_HISTORY_LABELS: Record<string, string> = {
	'report.dictation_received': 'Dictation received',
	'report.start_transcription': 'Dictation in transcription',
	'report.draft_uploaded': 'Draft report sent to the specialist',
	'report.specialist_report': 'Report supplied by the specialist',
	'report.approve': 'Draft report approved',
	'report.request_changes': 'Changes requested to the draft report',
	'report.release': 'Final report released'
};

const MOVES: Record<ReportStep, { from: readonly ReportState[]; to: ReportState }> = {
	start_transcription: { from: ['dictation_received'], to: 'in_transcription' },
	approve: { from: ['draft_review'], to: 'approved' },
	request_changes: { from: ['draft_review'], to: 'changes_requested' },
	release: { from: ['approved'], to: 'released' }
};

/** Stages with an examination behind them, where a report can be under way. */
const REPORTABLE: readonly BookingStage[] = ['scheduled', 'rescheduled', 'report_in_progress', 'report_ready', 'paid'];

/** Who may take each step: access.ts (`report.*`). */
const permissionOf = (step: ReportStep) => `report.${step}` as const;

/** The steps this caller can take now (the service checks again on submit). */
export function allowedReportSteps(
	caller: Caller,
	b: { reportState: string; stage: string; status: string },
	hasFinalReport: boolean
): ReportStep[] {
	if (b.status === 'archived' || !REPORTABLE.includes(b.stage as BookingStage)) return [];
	return REPORT_STEPS.filter(
		(s) => callerCan(caller, permissionOf(s)) && MOVES[s].from.includes(b.reportState as ReportState) && (s !== 'release' || hasFinalReport)
	);
}

async function writeStep(
	tx: Executor,
	app: App,
	who: SignedInActor,
	b: BookingRow,
	step: string,
	to: ReportState,
	options: { toStage?: BookingStage; note?: string } = {}
): Promise<BookingRow> {
	const toStage = options.toStage ?? b.stage;
	const row = await setReportProgress(tx, b.id, to, toStage);
	const actor = attributionOf(who);
	const note = options.note?.trim();
	await insertHistory(tx, {
		bookingId: b.id,
		action: `report.${step}`,
		actorUserId: actor.actor,
		onBehalfOfUserId: actor.onBehalfOf,
		fromStage: b.stage,
		toStage,
		fromStatus: b.status,
		toStatus: b.status,
		fromStartsAt: b.startsAt,
		toStartsAt: b.startsAt,
		noteEncrypted: note ? app.cipher.encrypt(note, 'booking-note') : null
	});
	await recordAudit(tx, who, {
		action: 'booking.report_change',
		outcome: 'granted',
		resourceType: 'booking',
		resourceId: b.id,
		details: { step, fromReport: b.reportState, toReport: to, fromStage: b.stage, toStage }
	});
	return row;
}

/** An examination with work on its report is past "scheduled": it moves to "report in progress". */
const stageForWork = (b: BookingRow): BookingStage =>
	b.stage === 'scheduled' || b.stage === 'rescheduled' ? 'report_in_progress' : b.stage;

/** Called inside the upload's transaction, with the booking locked. */
export async function applyUploadToReport(
	tx: Executor,
	app: App,
	who: SignedInActor,
	b: BookingRow,
	category: DocumentCategory
): Promise<void> {
	if (!REPORTABLE.includes(b.stage) || b.status === 'archived') return;
	const state = b.reportState;
	const role = who.caller.platformRole;
	if (category === 'dictation' && (state === 'none' || state === 'changes_requested'))
		await writeStep(tx, app, who, b, 'dictation_received', 'dictation_received', { toStage: stageForWork(b) });
	else if (category === 'draft_report' && role === 'admin' && state !== 'approved' && state !== 'released') {
		await writeStep(tx, app, who, b, 'draft_uploaded', 'draft_review', { toStage: stageForWork(b) });
		await notify(tx, app, b, await specialistAccount(tx, b.specialistId), 'report_draft_ready');
	} else if (category === 'draft_report' && role === 'specialist' && state !== 'released')
		await writeStep(tx, app, who, b, 'specialist_report', 'approved', { toStage: stageForWork(b) });
}

/** The emails about the report: each names only the booking's reference (details are behind sign-in). */
const REPORT_EMAILS = {
	report_draft_ready: (reference: string) => ({
		subject: `Draft report for booking ${reference} is ready for your review`,
		text: `The draft report for booking ${reference} is ready. Please sign in to review it, then approve it or ask for changes.`
	}),
	report_ready: (reference: string) => ({
		subject: `Report ready for booking ${reference}`,
		text: `The final report for booking ${reference} is ready. Please sign in to download it.`
	})
};

/** Emails `to` (nobody when null) about the booking's report. */
async function notify(
	tx: Executor,
	app: App,
	b: BookingRow,
	to: { userId: string; email: string } | null,
	template: keyof typeof REPORT_EMAILS
) {
	if (!to) return;
	await enqueue(tx, app.cipher, {
		channel: 'email',
		template,
		userId: to.userId,
		to: to.email,
		...REPORT_EMAILS[template](b.reference),
		link: `${app.config.origin}/bookings/${b.id}`
	});
}

export async function takeReportStep(app: App, who: SignedInActor, scope: Scope, bookingId: string, step: ReportStep, note?: string) {
	const b = await loadForChange(app, who, scope, bookingId, permissionOf(step), `report.${step}`);
	if (step === 'request_changes' && !note?.trim()) throw new AppError('BAD_REQUEST', 'Say what needs to change.', 'note');
	return app.database.db.transaction(async (tx) => {
		const locked = await lockBooking(tx, scope, b.id);
		const move = MOVES[step];
		const state = locked.reportState;
		if (locked.status === 'archived' || !REPORTABLE.includes(locked.stage))
			throw new AppError('CONFLICT', 'This booking has no report to work on.');
		if (!move.from.includes(state))
			throw new AppError('CONFLICT', `The report is “${REPORT_STATE_LABELS[state].toLowerCase()}”: this step is not possible now.`, 'step');
		let toStage: BookingStage | undefined;
		if (step === 'release') {
			const final = await findLiveFinalReport(tx, locked.id);
			if (!final) throw new AppError('CONFLICT', 'Upload the final report before releasing it.', 'step');
			toStage = locked.stage === 'report_ready' || locked.stage === 'paid' ? locked.stage : 'report_ready';
		} else toStage = stageForWork(locked);
		const row = await writeStep(tx, app, who, locked, step, move.to, { toStage, note });
		if (step === 'release') await notify(tx, app, locked, await userAccount(tx, locked.ownerUserId), 'report_ready');
		return { id: row.id, reportState: row.reportState, stage: row.stage };
	});
}
