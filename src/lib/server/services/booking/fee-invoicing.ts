/**
 * Late-cancellation fees to invoice: an admin marks a fee invoiced once it is billed, and the
 * dashboard's queue stops listing it. Marked once (a second mark answers CONFLICT), with a history
 * row and an audit record committed with the change.
 */
import type { App } from '../../app';
import { attributedTo, type SignedInActor } from '../../auth/actor';
import type { Scope } from '../../auth/scope';
import { AppError } from '../../errors';
import { insertHistory } from '../../repositories/booking-history.repository';
import { markFeeInvoiced } from '../../repositories/operations.repository';
import { recordAudit } from '../audit/audit';
import { loadForChange } from './lifecycle-change';

const ALREADY = 'The cancellation fee is already marked invoiced.';

export async function markCancellationFeeInvoiced(app: App, who: SignedInActor, scope: Scope, bookingId: string, now = new Date()) {
	const b = await loadForChange(app, who, scope, bookingId, 'booking.invoice_fee', 'fee_invoiced');
	if (!b.lateCancellation || b.cancellationFeeCents <= 0)
		throw new AppError('CONFLICT', 'This booking has no cancellation fee to invoice.');
	if (b.cancellationInvoicedAt) throw new AppError('CONFLICT', ALREADY);
	const actorUserId = who.impersonatedBy ?? who.userId;
	await app.database.db.transaction(async (tx) => {
		// The update's WHERE re-checks "still to invoice": of two admins at once, one marks it.
		if (!(await markFeeInvoiced(tx, b.id, actorUserId, now))) throw new AppError('CONFLICT', ALREADY);
		await insertHistory(tx, {
			bookingId: b.id,
			at: now,
			action: 'cancellation_fee_invoiced',
			actorUserId,
			fromStage: b.stage,
			toStage: b.stage,
			fromStatus: b.status,
			toStatus: b.status
		});
		await recordAudit(tx, attributedTo(who, actorUserId), {
			action: 'booking.fee_invoiced',
			outcome: 'granted',
			resourceType: 'booking',
			resourceId: b.id,
			details: { feeCents: b.cancellationFeeCents }
		});
	});
	return { id: b.id, invoicedAt: now };
}
