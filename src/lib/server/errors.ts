/**
 * Errors a service raises on purpose: each carries the HTTP meaning and a message the user can act
 * on (never PHI, SQL or a stack). tRPC and form actions map them in one place each.
 */
export type AppErrorCode =
	| 'BAD_REQUEST'
	| 'UNAUTHORIZED'
	| 'FORBIDDEN'
	| 'NOT_FOUND'
	| 'CONFLICT'
	| 'PAYLOAD_TOO_LARGE'
	| 'UNPROCESSABLE_CONTENT'
	| 'TOO_MANY_REQUESTS';

export const HTTP_STATUS: Record<AppErrorCode, number> = {
	BAD_REQUEST: 400,
	UNAUTHORIZED: 401,
	FORBIDDEN: 403,
	NOT_FOUND: 404,
	CONFLICT: 409,
	PAYLOAD_TOO_LARGE: 413,
	UNPROCESSABLE_CONTENT: 422,
	TOO_MANY_REQUESTS: 429
};

export class AppError extends Error {
	constructor(
		readonly code: AppErrorCode,
		message: string,
		/** The input field the user must fix, when there is one. */
		readonly field?: string
	) {
		super(message);
		this.name = 'AppError';
	}
	get status() {
		return HTTP_STATUS[this.code];
	}
}
