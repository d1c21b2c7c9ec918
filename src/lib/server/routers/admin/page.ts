import { TRPCError } from '@trpc/server';
import { InvalidPageCursorError } from '../../services/accounts/users';

/** An out-of-date or forged page cursor is the caller's mistake: BAD_REQUEST with what to do. */
export function badPageCursor(err: unknown): never {
	if (err instanceof InvalidPageCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
	throw err;
}
