/**
 * The audit trail in words: each record as one sentence ("Rachel Referrer downloaded a brief of
 * IME-7K2QWX"), in segments so the page renders links without building HTML. Pure: the ids are
 * resolved beforehand, in bulk (`auditLookups`). No PHI: bookings and cases by reference, documents
 * by category, people by their (staff or referrer) name; never an examinee or a file name.
 */
import { CATEGORY_LABELS, type DocumentCategory } from '$lib/documents';
import type { AuditAction } from './audit';

export type AuditSegment = { text: string; href?: string };

export interface AuditLookups {
	people: Map<string, { name: string; email: string }>;
	/** Booking id → reference. */
	bookings: Map<string, string>;
	/** Case id → reference. */
	cases: Map<string, string>;
	documents: Map<string, { category: string; bookingId: string; reference: string }>;
}

export interface AuditSentenceRecord {
	action: string;
	outcome: string;
	actor: string | null;
	onBehalfOf: string | null;
	resourceType: string | null;
	resourceId: string | null;
	details: unknown;
}

/** `{r}` is the record's resource. `did` after the actor when granted; `try` after "was refused …" / "tried to". */
type Phrase = { did: string; try: string };

const ph = (did: string, attempt: string): Phrase => ({ did, try: attempt });

/** One phrase per audited action: the `satisfies` makes a new action without words a type error too. */
export const AUDIT_PHRASES = {
	'auth.sign_in': ph('signed in', 'sign in'),
	'auth.sign_out': ph('signed out', 'sign out'),
	'auth.second_factor': ph('confirmed their second factor', 'confirm their second factor'),
	'auth.second_factor_enrol': ph('set up a second factor', 'set up a second factor'),
	'auth.second_factor_disable': ph('turned off their second factor', 'turn off their second factor'),
	'auth.lockout': ph('was locked out', 'sign in while locked out'),
	'auth.password_reset_request': ph('asked for a password reset', 'ask for a password reset'),
	'auth.password_reset': ph('reset their password', 'reset their password'),
	'auth.password_change': ph('changed their password', 'change their password'),
	'auth.session_revoke': ph('ended a session', 'end a session'),
	'auth.sessions_revoke_all': ph('signed out everywhere else', 'sign out everywhere else'),
	'auth.impersonation_start': ph('started acting as {r}', 'act as {r}'),
	'auth.impersonation_stop': ph('stopped acting as {r}', 'stop acting as {r}'),
	'invitation.create': ph('sent {r}', 'send {r}'),
	'invitation.accept': ph('accepted {r}', 'accept {r}'),
	'invitation.revoke': ph('revoked {r}', 'revoke {r}'),
	'member.role_change': ph('changed the roles of {r}', 'change the roles of {r}'),
	'user.status_change': ph('changed whether {r} is active', 'change whether {r} is active'),
	'user.time_zone_change': ph('changed their time zone', 'change their time zone'),
	'organization.create': ph('created {r}', 'create {r}'),
	'organization.update': ph('updated {r}', 'update {r}'),
	'team.create': ph('created {r}', 'create {r}'),
	'team.update': ph('updated {r}', 'update {r}'),
	'team.delete': ph('deleted {r}', 'delete {r}'),
	'member.remove': ph('removed {r} from their organisation', 'remove {r} from their organisation'),
	'outbox.read': ph('read the outgoing messages', 'read the outgoing messages'),
	'audit.export': ph('exported the audit trail', 'export the audit trail'),
	'examinee.export': ph('exported examinee details', 'export examinee details'),
	'scheduling.catalogue_sync': ph('synced the scheduling catalogue', 'sync the scheduling catalogue'),
	'specialist.create': ph('added {r}', 'add {r}'),
	'specialist.update': ph('updated {r}', 'update {r}'),
	'appointment_type.update': ph('updated {r}', 'update {r}'),
	'scheduling.reconcile': ph('reconciled the schedule', 'reconcile the schedule'),
	'scheduling.attach': ph('attached an appointment to {r}', 'attach an appointment to {r}'),
	'scheduling.webhook_rejected': ph('had a scheduling notification rejected', 'send a scheduling notification'),
	'scheduling.conflict_resolve': ph('resolved {r}', 'resolve {r}'),
	'scheduling.hold_release': ph('released a held time', 'release a held time'),
	'specialist.link_account': ph('changed the account linked to {r}', 'change the account linked to {r}'),
	'booking.create': ph('booked {r}', 'book {r}'),
	'booking.read': ph('viewed {r}', 'view {r}'),
	'booking.stage_change': ph('moved {r} to another stage', 'move {r} to another stage'),
	'booking.reschedule': ph('rescheduled {r}', 'reschedule {r}'),
	'booking.cancel': ph('cancelled {r}', 'cancel {r}'),
	'booking.export': ph('exported bookings', 'export bookings'),
	'booking.status_change': ph('changed the status of {r}', 'change the status of {r}'),
	'booking.report_change': ph('updated the report of {r}', 'update the report of {r}'),
	'booking.fee_invoiced': ph('marked the cancellation fee of {r} invoiced', 'mark the cancellation fee of {r} invoiced'),
	'case.create': ph('opened {r}', 'open {r}'),
	'case.read': ph('viewed {r}', 'view {r}'),
	'case.update': ph('changed the details of {r}', 'change the details of {r}'),
	'case.status_change': ph('changed the status of {r}', 'change the status of {r}'),
	'case.export': ph('exported cases', 'export cases'),
	'booking.logistics_update': ph('updated the logistics of {r}', 'update the logistics of {r}'),
	'enclosure.template_update': ph('changed the enclosure checklist of {r}', 'change the enclosure checklist of {r}'),
	'enclosure.not_applicable': ph('marked an enclosure of {r} not needed', 'mark an enclosure of {r} not needed'),
	'enclosure.reopen': ph('reopened an enclosure of {r}', 'reopen an enclosure of {r}'),
	'document.upload': ph('uploaded {r}', 'upload {r}'),
	'document.download': ph('downloaded {r}', 'download {r}'),
	'document.rename': ph('renamed {r}', 'rename {r}'),
	'document.delete': ph('deleted {r}', 'delete {r}'),
	'document.restore': ph('restored {r}', 'restore {r}'),
	'document.purge': ph('purged {r}', 'purge {r}'),
	'document.integrity_failure': ph('found a damaged file: {r}', 'read {r}'),
	'access.denied': ph('opened {r}', 'open {r}')
} satisfies Record<AuditAction, Phrase>;

/** Reasons and other codes people read ("invalid_credentials" → "wrong password"). */
const REASONS: Record<string, string> = {
	invalid_credentials: 'wrong password',
	email_not_verified: 'email not verified',
	deactivated: 'account deactivated',
	invalid_code: 'wrong code',
	role: 'role not allowed',
	scope: 'outside their organisation',
	second_factor: 'too many wrong codes',
	ip: 'too many tries from one address',
	account: 'too many tries for the account'
};

/** A code in plain words: "booking.logistics_update" → "booking logistics update". */
export function plainWords(code: string): string {
	return code.replace(/[._-]+/g, ' ').trim();
}

const reasonWords = (code: string) => REASONS[code] ?? plainWords(code);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "rachel@demo.test" → "r…@demo.test": enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
	const at = email.lastIndexOf('@');
	if (at < 1) return '…';
	return `${email[0]}…${email.slice(at)}`;
}

const userHref = (email: string) => `/admin/users?${new URLSearchParams({ q: email }).toString()}`;

function personSegment(id: string | null, l: AuditLookups, capital: boolean): AuditSegment {
	if (!id || id === 'anonymous') return { text: capital ? 'Someone not signed in' : 'someone not signed in' };
	if (id === 'system') return { text: capital ? 'The system' : 'the system' };
	const p = l.people.get(id);
	if (p) return { text: p.name, href: userHref(p.email) };
	return { text: capital ? 'An unknown account' : 'an unknown account' };
}

const A_OR_AN: Record<string, string> = {
	invitation: 'an invitation',
	organization: 'an organisation',
	team: 'a team',
	specialist: 'a specialist',
	appointment_type: 'an appointment type',
	session: 'a session',
	sync_conflict: 'a sync conflict',
	appointment: 'an appointment',
	user: 'an account'
};

const categoryLabel = (c: string) => (CATEGORY_LABELS[c as DocumentCategory] ?? plainWords(c)).toLowerCase();
const aCategory = (c: string) => {
	const label = categoryLabel(c);
	return `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;
};

/** The record's resource as words (with a link when it has a page). */
function resourceSegments(r: AuditSentenceRecord, l: AuditLookups): AuditSegment[] {
	const id = r.resourceId;
	const details = detailsOf(r);
	switch (r.resourceType) {
		case 'booking': {
			const ref = id ? l.bookings.get(id) : undefined;
			if (r.action === 'document.upload' && typeof details.category === 'string')
				return ref && id
					? [{ text: `${aCategory(details.category)} to ` }, { text: ref, href: `/bookings/${id}` }]
					: [{ text: aCategory(details.category) }];
			if (ref && id) return [{ text: ref, href: `/bookings/${id}` }];
			return [{ text: id ? 'a booking' : 'bookings' }];
		}
		case 'case': {
			const ref = id ? l.cases.get(id) : undefined;
			if (ref && id) return [{ text: ref, href: `/cases/${id}` }];
			return [{ text: id ? 'a case' : 'cases' }];
		}
		case 'document': {
			const d = id ? l.documents.get(id) : undefined;
			if (d) return [{ text: `${aCategory(d.category)} of ` }, { text: d.reference, href: `/bookings/${d.bookingId}` }];
			const bookingId = typeof details.bookingId === 'string' ? details.bookingId : null;
			const ref = bookingId ? l.bookings.get(bookingId) : undefined;
			if (ref && bookingId) return [{ text: 'a document of ' }, { text: ref, href: `/bookings/${bookingId}` }];
			return [{ text: 'a document' }];
		}
		case 'user': {
			if (id && l.people.has(id)) return [personSegment(id, l, false)];
			return [{ text: 'an account' }];
		}
		case 'page':
			return [{ text: id ? `the page ${id}` : 'a page' }];
		case null:
		case undefined:
			return [{ text: 'something' }];
		default:
			return [{ text: A_OR_AN[r.resourceType] ?? `a ${plainWords(r.resourceType)}` }];
	}
}

function detailsOf(r: AuditSentenceRecord): Record<string, unknown> {
	return r.details && typeof r.details === 'object' && !Array.isArray(r.details) ? (r.details as Record<string, unknown>) : {};
}

/** Fills `{r}` in a phrase with the resource's segments. */
function fill(phrase: string, resource: () => AuditSegment[]): AuditSegment[] {
	const at = phrase.indexOf('{r}');
	if (at < 0) return [{ text: phrase }];
	const out: AuditSegment[] = [];
	if (at > 0) out.push({ text: phrase.slice(0, at) });
	out.push(...resource());
	if (at + 3 < phrase.length) out.push({ text: phrase.slice(at + 3) });
	return out;
}

/** Words after the main clause: what changed, or why it was refused. Codes only, never values. */
function tail(r: AuditSentenceRecord): string {
	const d = detailsOf(r);
	const bits: string[] = [];
	for (const [from, to] of [
		['fromStatus', 'toStatus'],
		['fromStage', 'toStage'],
		['fromReport', 'toReport']
	] as const) {
		const a = d[from];
		const b = d[to];
		if (typeof a === 'string' && typeof b === 'string' && a !== b) {
			bits.push(`from ${plainWords(a)} to ${plainWords(b)}`);
			break;
		}
	}
	if (r.action === 'user.status_change' && typeof d.active === 'boolean') bits.push(d.active ? 'now active' : 'now deactivated');
	if (r.action.startsWith('enclosure.') && typeof d.category === 'string') bits.push(categoryLabel(d.category));
	if (typeof d.reason === 'string') bits.push(reasonWords(d.reason));
	else if (r.action === 'auth.lockout' && typeof d.by === 'string') bits.push(reasonWords(d.by));
	if (typeof d.operation === 'string' && r.action === 'access.denied') bits.push(`to ${plainWords(d.operation)}`);
	return bits.length ? ` (${bits.join(', ')})` : '';
}

/** Joins neighbouring text segments, so the sentence reads (and compares) as few pieces. */
function tidy(segments: AuditSegment[]): AuditSegment[] {
	const out: AuditSegment[] = [];
	for (const s of segments) {
		const last = out[out.length - 1];
		if (last && !last.href && !s.href) last.text += s.text;
		else out.push({ ...s });
	}
	return out;
}

/** One record as a sentence. Unknown actions read as their code in plain words. */
export function auditSentence(r: AuditSentenceRecord, l: AuditLookups): AuditSegment[] {
	const phrase: Phrase | undefined = (AUDIT_PHRASES as Record<string, Phrase>)[r.action];
	const resource = () => resourceSegments(r, l);
	const why = tail(r);
	const onBehalf: AuditSegment[] = r.onBehalfOf ? [{ text: ' for ' }, personSegment(r.onBehalfOf, l, false)] : [];

	// A refused sign-in names the account only by a masked email (whoever typed it may not own it).
	if (r.action === 'auth.sign_in' && r.outcome !== 'granted') {
		const p = r.actor ? l.people.get(r.actor) : undefined;
		const who: AuditSegment[] = p
			? [{ text: ' for ' }, { text: maskEmail(p.email), href: userHref(p.email) }]
			: [{ text: ' for an unknown email' }];
		return tidy([{ text: 'Sign-in refused' }, ...who, { text: `${why}.` }]);
	}
	if (r.action === 'access.denied') {
		return tidy([personSegment(r.actor, l, true), ...onBehalf, { text: ' was refused access to ' }, ...resource(), { text: `${why}.` }]);
	}

	const actor = personSegment(r.actor, l, true);
	if (!phrase) {
		const words = plainWords(r.action);
		const about = r.resourceType ? [{ text: ' on ' }, ...resource()] : [];
		const outcome = r.outcome === 'granted' ? '' : ` (${r.outcome})`;
		return tidy([actor, ...onBehalf, { text: `: ${words}` }, ...about, { text: `${outcome}${why}.` }]);
	}
	if (r.outcome === 'granted') return tidy([actor, ...onBehalf, { text: ' ' }, ...fill(phrase.did, resource), { text: `${why}.` }]);
	const refused = r.outcome === 'denied' ? ' was refused permission to ' : ' tried but failed to ';
	return tidy([actor, ...onBehalf, { text: refused }, ...fill(phrase.try, resource), { text: `${why}.` }]);
}

/** The ids a page of records needs resolved, by kind (one query per kind). */
export function idsToResolve(rows: AuditSentenceRecord[]): { people: string[]; bookings: string[]; cases: string[]; documents: string[] } {
	const people = new Set<string>();
	const bookings = new Set<string>();
	const cases = new Set<string>();
	const documents = new Set<string>();
	for (const r of rows) {
		for (const p of [r.actor, r.onBehalfOf]) if (p && p !== 'anonymous' && p !== 'system') people.add(p);
		const id = r.resourceId && UUID.test(r.resourceId) ? r.resourceId : null;
		const d = detailsOf(r);
		if (r.resourceId && r.resourceType === 'user') people.add(r.resourceId);
		if (id && r.resourceType === 'booking') bookings.add(id);
		if (id && r.resourceType === 'case') cases.add(id);
		if (id && r.resourceType === 'document') documents.add(id);
		if (typeof d.bookingId === 'string' && UUID.test(d.bookingId)) bookings.add(d.bookingId);
	}
	return { people: [...people], bookings: [...bookings], cases: [...cases], documents: [...documents] };
}
