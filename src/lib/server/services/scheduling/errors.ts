/** What can go wrong when talking to a scheduling provider, as types the callers can act on. */
export class SchedulingError extends Error {
	constructor(
		message: string,
		readonly kind: 'slot_unavailable' | 'upstream_unavailable' | 'rate_limited' | 'invalid_input' | 'not_found',
		/** Seconds to wait before retrying, when the upstream said. */
		readonly retryAfterSeconds?: number
	) {
		super(message);
		this.name = 'SchedulingError';
	}
}

export const slotUnavailable = (message = 'That time is no longer available.') => new SchedulingError(message, 'slot_unavailable');
export const upstreamUnavailable = (message = 'The scheduling service is not answering. Please try again shortly.') =>
	new SchedulingError(message, 'upstream_unavailable');
export const rateLimited = (retryAfterSeconds?: number) =>
	new SchedulingError('The scheduling service is busy. Please try again in a moment.', 'rate_limited', retryAfterSeconds);
export const invalidInput = (message: string) => new SchedulingError(message, 'invalid_input');
export const notFound = (message = 'No such appointment.') => new SchedulingError(message, 'not_found');
