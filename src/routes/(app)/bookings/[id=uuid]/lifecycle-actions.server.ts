/**
 * Form actions for LifecycleActions.svelte, spread into the detail page's actions
 * (`export const actions = { ...lifecycleActions }`). They work without JavaScript: each answers
 * `{ lifecycle: LifecycleState }`, which the component reads from `page.form`. The procedures do
 * the checking (scope, role, legal move, late fee); these only read the form and word the answer.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { callerFor } from '$lib/server/caller';
import { readFields, refusalOf } from '$lib/server/forms';
import type { moveInput, setStatusInput } from '$lib/server/routers/booking-lifecycle';
import { formatAud, formatForReader } from '$lib/format';

/** Rescheduling has its own page (./reschedule), with its own action. */
export type LifecycleAction = 'move' | 'previewCancel' | 'cancel' | 'setStatus';

export interface CancelPreview {
	late: boolean;
	feeCents: number;
	/** e.g. "$1,650.00" */
	feeLabel: string;
	/** The last moment to cancel free of charge, as the viewer reads times (a referrer's zone, the clinic's beside it). */
	deadlineLabel: string;
	noticeBusinessDays: number;
}

/** What the component shows after an action: the outcome, and the next step of a two-step flow. */
export interface LifecycleState {
	action: LifecycleAction;
	ok: boolean;
	/** A sentence for the user: what happened, or what to fix. */
	message: string;
	fields: Record<string, string>;
	cancelPreview?: CancelPreview;
}

/** What the actions read of the request (the detail page's own event type fits it). */
type Event = Pick<RequestEvent, 'locals' | 'request'> & { params: { id?: string } };
const idOf = (event: Event) => event.params.id ?? '';

const formOf = (event: Event) => readFields(event.request);

const optional = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

const ok = (action: LifecycleAction, message: string, extra: Partial<LifecycleState> = {}) => ({
	lifecycle: { action, ok: true, message, fields: {}, ...extra } satisfies LifecycleState
});

/** A refused procedure as a form failure naming its field; unexpected errors go to the error page. */
function refused(action: LifecycleAction, err: unknown, extra: Partial<LifecycleState> = {}) {
	const { status, message, fields } = refusalOf(err);
	const lifecycle: LifecycleState = { action, ok: false, message, fields, ...extra };
	return fail(status, { message, fields, lifecycle });
}

/** The booking the form is about, and the note sent with a change. */
const changeOf = (event: Event, form: Record<string, string>) => ({ bookingId: idOf(event), note: optional(form.note) });

/** Reads the form and runs one change, answering with the sentence it returns or with its refusal. */
async function perform(event: Event, action: LifecycleAction, change: (form: Record<string, string>) => Promise<string>) {
	const form = await formOf(event);
	try {
		return ok(action, await change(form));
	} catch (err) {
		return refused(action, err);
	}
}

async function cancelPreview(event: Event): Promise<CancelPreview> {
	const p = await callerFor(event).lifecycle.previewCancellation({ bookingId: idOf(event) });
	return {
		late: p.late,
		feeCents: p.feeCents,
		feeLabel: formatAud(p.feeCents),
		deadlineLabel: formatForReader(p.noticeDeadline, event.locals.signedIn?.user, p.clinicTimeZone, 'notice'),
		noticeBusinessDays: p.noticeBusinessDays
	};
}

export const lifecycleActions = {
	move: (event: Event) =>
		perform(event, 'move', async (form) => {
			const b = await callerFor(event).lifecycle.move({ ...changeOf(event, form), to: form.to as z.input<typeof moveInput>['to'] });
			return `Progress updated: ${b.stage.replace(/_/g, ' ')}.`;
		}),

	previewCancel: async (event: Event) => {
		try {
			const preview = await cancelPreview(event);
			return ok('previewCancel', preview.late ? 'This would be a late cancellation.' : 'Cancelling now is free of charge.', {
				cancelPreview: preview
			});
		} catch (err) {
			return refused('previewCancel', err);
		}
	},

	cancel: async (event: Event) => {
		const form = await formOf(event);
		try {
			const { booking, terms } = await callerFor(event).lifecycle.cancel({
				bookingId: idOf(event),
				reason: optional(form.reason),
				acceptFee: form.acceptFee === 'on' || form.acceptFee === 'yes',
				...(form.waiveFee === 'on' ? { waiveFee: true } : {})
			});
			const fee =
				booking.cancellationFeeCents > 0
					? ` A late-cancellation fee of ${formatAud(booking.cancellationFeeCents)} applies.`
					: terms.late
						? ' The late-cancellation fee was waived.'
						: '';
			return ok('cancel', `The booking is cancelled and the time released.${fee}`);
		} catch (err) {
			// Show the terms again (they may have changed since the preview) beside the message.
			const preview = await cancelPreview(event).catch(() => undefined);
			return refused('cancel', err, preview ? { cancelPreview: preview } : {});
		}
	},

	setStatus: (event: Event) =>
		perform(event, 'setStatus', async (form) => {
			const b = await callerFor(event).lifecycle.setStatus({
				...changeOf(event, form),
				status: form.status as z.input<typeof setStatusInput>['status']
			});
			return `The booking is now ${b.status}.`;
		})
};
