/**
 * An AcuityProvider against the fake Acuity for tests that exercise the scheduling service, not the
 * client's resilience: short timeouts, one retry without waiting, and a breaker that stays closed.
 */
import type { Logger } from 'pino';
import { AcuityProvider } from '../services/scheduling/acuity/acuity-provider';
import type { FakeAcuity } from './fake-acuity';

export function testAcuityProvider(fake: FakeAcuity, logger: Logger): AcuityProvider {
	return new AcuityProvider({
		baseUrl: fake.url,
		userId: fake.userId,
		apiKey: fake.apiKey,
		logger,
		timeoutMs: 500,
		maxRetries: 1,
		backoff: { baseMs: 1, capMs: 1 },
		breaker: { failureThreshold: 50 }
	});
}
