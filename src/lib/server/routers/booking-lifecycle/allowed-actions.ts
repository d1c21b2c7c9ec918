import type { SignedIn } from '../../auth/session';
import type { BookingStage, BookingStatus } from '../../db/schema';
import { callerCan, type RolePermission } from '../../auth/access';
import { PROGRESS_STAGES } from '../../services/booking/booking-lifecycle';
import { BOOKING_STATUSES, canMove, FINAL_STAGES } from '../../services/booking/lifecycle';

export interface AllowedActions {
	/** Progress stages the caller can move this booking to now. */
	move: BookingStage[];
	cancel: boolean;
	reschedule: boolean;
	/** Statuses the caller can set now. */
	status: BookingStatus[];
}

/** What the detail page offers this caller for this booking (the service checks again on submit). */
export function allowedActions(signedIn: Pick<SignedIn, 'caller'>, b: { stage: string; status: string }): AllowedActions {
	const may = (p: RolePermission) => callerCan(signedIn.caller, p);
	const stage = b.stage as BookingStage;
	const status = b.status as BookingStatus;
	const open = status !== 'archived';
	return {
		move: open ? PROGRESS_STAGES.filter((to) => may('booking.move') && canMove(stage, to)) : [],
		cancel: open && may('booking.cancel') && canMove(stage, 'cancelled'),
		reschedule: open && may('booking.reschedule') && canMove(stage, 'rescheduled'),
		status: may('booking.set_status')
			? BOOKING_STATUSES.filter((to) => to !== status && !(to === 'active' && FINAL_STAGES.includes(stage)))
			: []
	};
}
