import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { rateLimited, slotUnavailable, upstreamUnavailable } from '../services/scheduling/errors';
import { upstreamTrouble } from './upstream-status';

const wrapped = (cause: Error, code: TRPCError['code'] = 'TIMEOUT') => new TRPCError({ code, message: cause.message, cause });

describe('answers when the scheduling provider is in trouble', () => {
	it('is 503 with Retry-After for an outage, never 408', () => {
		expect(upstreamTrouble([wrapped(upstreamUnavailable())])).toEqual({ status: 503, headers: { 'retry-after': '30' } });
	});
	it('passes the provider’s own wait on as 429', () => {
		expect(upstreamTrouble([wrapped(rateLimited(12), 'TOO_MANY_REQUESTS')])).toEqual({ status: 429, headers: { 'retry-after': '12' } });
	});
	it('leaves every other error to tRPC', () => {
		expect(upstreamTrouble([wrapped(slotUnavailable(), 'CONFLICT'), new TRPCError({ code: 'TIMEOUT' })])).toEqual({});
		expect(upstreamTrouble([])).toEqual({});
	});
});
