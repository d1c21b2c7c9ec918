/**
 * The booking's progress as a state machine. A move not listed here is refused with a message
 * that says which moves are possible.
 */
import type { BookingStage, BookingStatus } from '../../db/schema';
import { AppError } from '../../errors';

import { STAGE_LABELS, STATUS_LABELS } from '../../../booking-labels';

export { STAGE_LABELS, STATUS_LABELS };
/** Every stage and status a booking can have. */
export { BOOKING_STAGES, BOOKING_STATUSES } from '../../repositories/booking.repository';

export const TRANSITIONS: Record<BookingStage, readonly BookingStage[]> = {
	scheduled: ['rescheduled', 'cancelled', 'no_show', 'report_in_progress'],
	rescheduled: ['rescheduled', 'cancelled', 'no_show', 'report_in_progress'],
	no_show: ['rescheduled', 'cancelled'],
	report_in_progress: ['report_ready'],
	report_ready: ['paid'],
	cancelled: [],
	paid: []
};

/** Stages after which the booking is finished: its status becomes closed. */
export const FINAL_STAGES: readonly BookingStage[] = ['cancelled', 'paid'];

export function canMove(from: BookingStage, to: BookingStage): boolean {
	return TRANSITIONS[from].includes(to);
}

export function assertMove(from: BookingStage, to: BookingStage, status: BookingStatus): void {
	if (status === 'archived') throw new AppError('CONFLICT', 'This booking is archived and cannot change.');
	if (!canMove(from, to)) {
		const options = TRANSITIONS[from].map((s) => STAGE_LABELS[s]).join(', ');
		throw new AppError(
			'CONFLICT',
			`A booking that is ${STAGE_LABELS[from].toLowerCase()} cannot become ${STAGE_LABELS[to].toLowerCase()}.${options ? ` Possible next steps: ${options}.` : ' It is finished.'}`,
			'stage'
		);
	}
}

export function statusAfter(stage: BookingStage, current: BookingStatus): BookingStatus {
	if (current === 'archived') return 'archived';
	return FINAL_STAGES.includes(stage) ? 'closed' : current;
}

/**
 * An admin's change of status. Archiving and closing are always possible; a finished booking
 * (cancelled or paid) cannot be made active again — a new booking is the way back.
 */
export function assertStatusChange(stage: BookingStage, from: BookingStatus, to: BookingStatus): void {
	if (from === to) throw new AppError('CONFLICT', `This booking is already ${STATUS_LABELS[to].toLowerCase()}.`, 'status');
	if (to === 'active' && FINAL_STAGES.includes(stage))
		throw new AppError(
			'CONFLICT',
			`A booking that is ${STAGE_LABELS[stage].toLowerCase()} is finished and cannot be made active again.`,
			'status'
		);
}
