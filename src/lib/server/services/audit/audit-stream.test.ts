import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { Executor } from '../../db/client';
import { userActor } from '../../auth/actor';
import { createLogger } from '../../logger';
import { auditLine, recordAudit, streamAuditTo } from './audit';

/** An executor that accepts the (prepared) insert and keeps its values, `details` read back from its JSON text. */
const inserted: unknown[] = [];
const exec = {
	insert: () => ({
		values: () => ({
			prepare: () => ({
				execute: async (row: { details: string | null }) => void inserted.push({ ...row, details: row.details && JSON.parse(row.details) })
			})
		})
	})
} as unknown as Executor;

function capture() {
	const lines: Record<string, unknown>[] = [];
	const destination = new Writable({
		write(chunk, _enc, cb) {
			lines.push(JSON.parse(String(chunk)));
			cb();
		}
	});
	return { lines, logger: createLogger({ level: 'info', pretty: false, destination }) };
}

const who = userActor({ ip: '203.0.113.9', userAgent: 'Mozilla/5.0 test', requestId: 'req-1' }, 'user-1');
const event = {
	action: 'document.upload',
	outcome: 'granted',
	resourceType: 'document',
	resourceId: 'doc-1',
	details: { bookingId: 'b-1', sizeBytes: 12, note: 'anything a caller might put here' }
} as const;

describe('the audit stream', () => {
	it('writes one line per record, with msg "audit" and the listed fields only: no details, address or browser', async () => {
		const { lines, logger } = capture();
		const stop = streamAuditTo(logger);
		try {
			await recordAudit(exec, who, event);
		} finally {
			stop();
		}
		expect(inserted).toHaveLength(1);
		expect((inserted[0] as { details: unknown }).details).toEqual(event.details);
		expect(lines).toHaveLength(1);
		const line = lines[0]!;
		expect(line.msg).toBe('audit');
		const audit = line.audit as Record<string, unknown>;
		expect(Object.keys(audit).sort()).toEqual(
			['action', 'actorId', 'at', 'onBehalfOfId', 'outcome', 'requestId', 'resourceId', 'resourceType'].sort()
		);
		expect(audit).toMatchObject({
			action: 'document.upload',
			outcome: 'granted',
			actorId: 'user-1',
			resourceType: 'document',
			resourceId: 'doc-1',
			requestId: 'req-1'
		});
		expect(audit).not.toHaveProperty('details');
		const text = JSON.stringify(line);
		for (const leak of ['b-1', 'anything a caller', '203.0.113.9', 'Mozilla']) expect(text).not.toContain(leak);
	});

	it('stops when asked, and goes to the newest stream only', async () => {
		const first = capture();
		const second = capture();
		const stopFirst = streamAuditTo(first.logger);
		const stopSecond = streamAuditTo(second.logger);
		await recordAudit(exec, who, event);
		stopSecond();
		await recordAudit(exec, who, event);
		stopFirst();
		await recordAudit(exec, who, event);
		expect(second.lines).toHaveLength(1);
		expect(first.lines).toHaveLength(1);
	});

	it('builds the line from the event without its details', () => {
		const line = auditLine(who, event, new Date('2026-01-02T03:04:05Z'));
		expect(line).toEqual({
			action: 'document.upload',
			outcome: 'granted',
			actorId: 'user-1',
			onBehalfOfId: null,
			resourceType: 'document',
			resourceId: 'doc-1',
			requestId: 'req-1',
			at: '2026-01-02T03:04:05.000Z'
		});
	});
});
