/**
 * The audit trail's filtered rows as CSV (default) or JSON, streamed in keyset batches, newest
 * first — the same filters and order as the viewer. Admins only; the export itself is audited
 * (with its filters) before the first byte leaves.
 */
import { Readable } from 'node:stream';
import type { RequestEvent } from '@sveltejs/kit';
import { stringify } from 'csv-stringify';
import { auditFiltersFrom, auditFiltersSchema } from '$lib/schemas/audit';
import { requireApiSession } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/services/accounts/request-meta';
import { recordAudit } from '$lib/server/services/audit/audit';
import { auditRows, auditWhere, type AuditRow } from '$lib/server/services/audit/audit-query';
import { fieldErrors } from '$lib/server/trpc';
import { toWebStream } from '$lib/server/web-stream';

const COLUMNS = [
	'seq',
	'occurredAt',
	'action',
	'outcome',
	'actor',
	'actorEmail',
	'onBehalfOf',
	'onBehalfOfEmail',
	'resourceType',
	'resourceId',
	'ip',
	'requestId',
	'details',
	'hash'
] as const;

function record(r: AuditRow, people: Map<string, { email: string }>) {
	return {
		seq: r.seq,
		occurredAt: r.occurredAt.toISOString(),
		action: r.action,
		outcome: r.outcome,
		actor: r.actor,
		actorEmail: people.get(r.actor)?.email ?? null,
		onBehalfOf: r.onBehalfOf,
		onBehalfOfEmail: r.onBehalfOf ? (people.get(r.onBehalfOf)?.email ?? null) : null,
		resourceType: r.resourceType,
		resourceId: r.resourceId,
		ip: r.ip,
		requestId: r.requestId,
		details: r.details,
		hash: r.hash
	};
}

export const GET = async (event: RequestEvent) => {
	const signedIn = await requireApiSession(event, 'audit_export');
	if (signedIn instanceof Response) return signedIn;
	const { app, meta } = event.locals;
	const who = actorOf(meta, signedIn.user.id, signedIn.impersonatedBy);
	if (signedIn.user.role !== 'admin') {
		await recordAudit(app.database.db, who, {
			action: 'access.denied',
			outcome: 'denied',
			resourceType: 'audit_export',
			details: { reason: 'role' }
		});
		return Response.json({ message: 'Only our team can export the audit trail.' }, { status: 403 });
	}
	const parsed = auditFiltersSchema.safeParse(auditFiltersFrom(event.url.searchParams));
	if (!parsed.success) return Response.json({ message: 'Please check the filters.', fields: fieldErrors(parsed.error) }, { status: 400 });
	const format = event.url.searchParams.get('format') === 'json' ? 'json' : 'csv';
	const filters = parsed.data;
	const where = await auditWhere(app.database.db, filters);
	await recordAudit(app.database.db, who, {
		action: 'audit.export',
		outcome: 'granted',
		resourceType: 'audit_log',
		details: { format, ...Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, v ?? null])) }
	});

	async function* json(): AsyncGenerator<string> {
		let first = true;
		yield '[';
		for await (const batch of auditRows(app.database.db, where))
			for (const r of batch.rows) {
				yield `${first ? '' : ','}\n${JSON.stringify(record(r, batch.people))}`;
				first = false;
			}
		yield '\n]\n';
	}

	let body: Readable;
	if (format === 'json') body = Readable.from(json());
	else {
		const csv = stringify({ header: true, columns: [...COLUMNS], cast: { object: (v) => JSON.stringify(v) } });
		body = csv;
		(async () => {
			for await (const batch of auditRows(app.database.db, where)) {
				for (const r of batch.rows) if (!csv.write(record(r, batch.people))) await new Promise((res) => csv.once('drain', res));
				if (csv.destroyed) return;
			}
			csv.end();
		})().catch((err: unknown) => {
			app.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'audit export failed');
			csv.destroy(err instanceof Error ? err : new Error('export failed'));
		});
	}
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(new Date());
	return new Response(toWebStream(body), {
		headers: {
			'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="audit-${day}.${format}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
