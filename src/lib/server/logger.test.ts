import { describe, expect, it } from 'vitest';
import { createLogger, redactPaths } from './logger';

/** A log line as read back: any field, nested as pino wrote it. */
type LogEntry = { [key: string]: LogEntry & string };

/** A logger writing JSON lines into memory, and the parsed lines. */
function memoryLogger(level = 'info') {
	const lines: string[] = [];
	const logger = createLogger({ level, pretty: false, destination: { write: (line: string) => void lines.push(line) } });
	return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as LogEntry) };
}

/** The PHI and credential field names: the paths that are bare keys. */
const fieldNames = redactPaths.filter((p) => /^[a-zA-Z]+$/.test(p) && p !== 'input');

describe('logger', () => {
	it('drops the values of a failed statement from any error message it is given (Drizzle writes them after "params:")', async () => {
		const { openPglite } = await import('./db/client');
		const { sql } = await import('drizzle-orm');
		const database = await openPglite(undefined);
		let failure: unknown;
		try {
			await database.db.execute(sql`select ${'Jane Citizen'}::int`);
		} catch (err) {
			failure = err;
		} finally {
			await database.close();
		}
		const message = (failure as Error).message;
		expect(message).toContain('Jane Citizen');
		const { logger, lines } = memoryLogger();
		const nested = { reason: message };
		logger.error({ err: message, nested, requestId: 'req-9' }, 'unhandled error');
		expect(nested.reason).toBe(message);
		expect(lines.join('')).not.toContain('Jane');
		expect(JSON.parse(lines[0]!)).toMatchObject({ err: expect.stringContaining('Failed query: select $1::int'), requestId: 'req-9' });
		expect(JSON.parse(lines[0]!).err).toContain('params: [redacted]');
	});

	it('writes structured JSON with level, time and message, and no pid/hostname', () => {
		const { logger, entries } = memoryLogger();
		logger.info({ requestId: 'req-1', status: 200 }, 'request done');
		const [entry] = entries();
		expect(entry).toMatchObject({ level: 30, msg: 'request done', requestId: 'req-1', status: 200 });
		expect(entry!.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		expect(entry).not.toHaveProperty('pid');
		expect(entry).not.toHaveProperty('hostname');
	});

	it('drops entries below its level', () => {
		const { logger, lines } = memoryLogger('warn');
		logger.info('quiet');
		logger.warn('loud');
		expect(lines).toHaveLength(1);
	});

	it('redacts cookies and authorization headers of requests and responses', () => {
		const { logger, lines, entries } = memoryLogger();
		logger.info({
			req: { method: 'GET', headers: { cookie: 'session=SECRET1', authorization: 'Bearer SECRET2', 'user-agent': 'vitest' } },
			res: { headers: { 'set-cookie': 'session=SECRET3', 'content-type': 'text/html' } }
		});
		logger.info({ headers: { cookie: 'session=SECRET4', authorization: 'Basic SECRET5', accept: '*/*' } });
		expect(lines.join('')).not.toMatch(/SECRET/);
		const [first, second] = entries();
		expect(first!.req!.headers).toEqual({ cookie: '[redacted]', authorization: '[redacted]', 'user-agent': 'vitest' });
		expect(first!.req!.method).toBe('GET');
		expect(first!.res!.headers).toEqual({ 'set-cookie': '[redacted]', 'content-type': 'text/html' });
		expect(second!.headers).toEqual({ cookie: '[redacted]', authorization: '[redacted]', accept: '*/*' });
	});

	it('lists the PHI and credential fields it must redact', () => {
		expect(fieldNames).toEqual(
			expect.arrayContaining(['password', 'token', 'email', 'name', 'dateOfBirth', 'phone', 'address', 'claimNumber', 'notes'])
		);
		for (const field of fieldNames) expect(redactPaths).toContain(`*.${field}`);
	});

	it.each(fieldNames)('redacts %s at the top level and one object deep', (field) => {
		const { logger, lines, entries } = memoryLogger();
		logger.info({ [field]: 'PHI-VALUE', userId: 'u1' }, 'top');
		logger.info({ user: { [field]: 'PHI-VALUE', id: 'u1' } }, 'nested');
		expect(lines.join('')).not.toContain('PHI-VALUE');
		const [top, nested] = entries();
		expect(top![field]).toBe('[redacted]');
		expect(top!.userId).toBe('u1');
		expect(nested!.user).toEqual({ [field]: '[redacted]', id: 'u1' });
	});

	it('redacts a procedure input wholesale', () => {
		const { logger, lines, entries } = memoryLogger();
		logger.info({ path: 'booking.create', input: { examinee: { dob: '1970-01-01' }, free: 'SECRET' } });
		expect(lines.join('')).not.toContain('SECRET');
		expect(entries()[0]).toMatchObject({ path: 'booking.create', input: '[redacted]' });
	});

	it('does not touch the caller object it logged', () => {
		const { logger } = memoryLogger();
		const payload = { email: 'jane@example.com', req: { headers: { cookie: 'c' } } };
		logger.info(payload);
		expect(payload).toEqual({ email: 'jane@example.com', req: { headers: { cookie: 'c' } } });
	});
});
