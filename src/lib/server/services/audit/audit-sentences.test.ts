/**
 * The trail in words: every audited action has a sentence (a new action without one fails here),
 * refusals read as refusals, links go to the booking, case, document's booking and person, and no
 * sentence carries more than references, categories and staff names.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from './audit';
import {
	AUDIT_PHRASES,
	auditSentence,
	idsToResolve,
	maskEmail,
	plainWords,
	type AuditLookups,
	type AuditSegment,
	type AuditSentenceRecord
} from './audit-sentences';

const RACHEL = 'user-rachel';
const ALEX = 'user-alex';
const BOOKING = '11111111-1111-4111-8111-111111111111';
const CASE = '22222222-2222-4222-8222-222222222222';
const DOCUMENT = '33333333-3333-4333-8333-333333333333';

const lookups: AuditLookups = {
	people: new Map([
		[RACHEL, { name: 'Rachel Referrer', email: 'rachel@demo.test' }],
		[ALEX, { name: 'Alex Admin', email: 'alex@demo.test' }]
	]),
	bookings: new Map([[BOOKING, 'IME-7K2QWX']]),
	cases: new Map([[CASE, 'CASE-7K3Q9P']]),
	documents: new Map([[DOCUMENT, { category: 'brief', bookingId: BOOKING, reference: 'IME-7K2QWX' }]])
};

const record = (over: Partial<AuditSentenceRecord>): AuditSentenceRecord => ({
	action: 'booking.read',
	outcome: 'granted',
	actor: RACHEL,
	onBehalfOf: null,
	resourceType: null,
	resourceId: null,
	details: null,
	...over
});

const text = (s: AuditSegment[]) => s.map((x) => x.text).join('');
const links = (s: AuditSegment[]) => s.filter((x) => x.href).map((x) => [x.text, x.href]);

/** A plausible resource for each action, as the flows record it. */
function resourceFor(action: string): Pick<AuditSentenceRecord, 'resourceType' | 'resourceId'> {
	if (action.startsWith('document.')) return { resourceType: 'document', resourceId: DOCUMENT };
	if (action.startsWith('case.') && action !== 'case.export') return { resourceType: 'case', resourceId: CASE };
	if (action.startsWith('booking.') || action.startsWith('enclosure.') || action === 'scheduling.attach')
		return { resourceType: 'booking', resourceId: action === 'booking.export' ? null : BOOKING };
	if (action.startsWith('auth.') || action.startsWith('user.') || action.startsWith('member.'))
		return { resourceType: 'user', resourceId: ALEX };
	return { resourceType: action.split('.')[0]!, resourceId: '44444444-4444-4444-8444-444444444444' };
}

describe('auditSentence', () => {
	it.each([...AUDIT_ACTIONS])('has words for %s, granted and denied', (action) => {
		expect(AUDIT_PHRASES).toHaveProperty([action]);
		const granted = auditSentence(record({ action, ...resourceFor(action) }), lookups);
		const denied = auditSentence(record({ action, outcome: 'denied', ...resourceFor(action), details: { reason: 'role' } }), lookups);
		for (const s of [granted, denied]) {
			const t = text(s);
			expect(t).toMatch(/\.$/);
			// No raw code or id leaks into the words.
			expect(t).not.toContain(action);
			expect(t).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
			expect(t).not.toContain('{r}');
		}
		expect(text(granted)).not.toBe(text(denied));
		expect(text(denied)).toMatch(/refused/i);
	});

	it('names the document by category and links its booking', () => {
		const s = auditSentence(record({ action: 'document.download', resourceType: 'document', resourceId: DOCUMENT }), lookups);
		expect(text(s)).toBe('Rachel Referrer downloaded a brief (letter of instruction) of IME-7K2QWX.');
		expect(links(s)).toEqual([
			['Rachel Referrer', '/admin/users?q=rachel%40demo.test'],
			['IME-7K2QWX', `/bookings/${BOOKING}`]
		]);
	});

	it('links the case, with the status change in words', () => {
		const s = auditSentence(
			record({
				action: 'case.status_change',
				actor: ALEX,
				resourceType: 'case',
				resourceId: CASE,
				details: { fromStatus: 'open', toStatus: 'on_hold' }
			}),
			lookups
		);
		expect(text(s)).toBe('Alex Admin changed the status of CASE-7K3Q9P (from open to on hold).');
		expect(links(s)).toContainEqual(['CASE-7K3Q9P', `/cases/${CASE}`]);
	});

	it('says who acted for whom', () => {
		const s = auditSentence(
			record({ action: 'booking.create', actor: ALEX, onBehalfOf: RACHEL, resourceType: 'booking', resourceId: BOOKING }),
			lookups
		);
		expect(text(s)).toBe('Alex Admin for Rachel Referrer booked IME-7K2QWX.');
		expect(links(s).map((l) => l[0])).toEqual(['Alex Admin', 'Rachel Referrer', 'IME-7K2QWX']);
	});

	it('reads a refused sign-in with a masked email and the reason', () => {
		const s = auditSentence(
			record({
				action: 'auth.sign_in',
				outcome: 'failed',
				resourceType: 'user',
				resourceId: RACHEL,
				details: { reason: 'invalid_credentials' }
			}),
			lookups
		);
		expect(text(s)).toBe('Sign-in refused for r…@demo.test (wrong password).');
		const unknown = auditSentence(
			record({ action: 'auth.sign_in', outcome: 'failed', actor: 'anonymous', details: { reason: 'invalid_credentials' } }),
			lookups
		);
		expect(text(unknown)).toBe('Sign-in refused for an unknown email (wrong password).');
	});

	it('reads denials: access refused and refused actions, with their reason', () => {
		const access = auditSentence(
			record({
				action: 'access.denied',
				outcome: 'denied',
				resourceType: 'booking',
				resourceId: BOOKING,
				details: { operation: 'read', reason: 'scope' }
			}),
			lookups
		);
		expect(text(access)).toBe('Rachel Referrer was refused access to IME-7K2QWX (outside their organisation, to read).');
		const page = auditSentence(
			record({ action: 'access.denied', outcome: 'denied', resourceType: 'page', resourceId: '/admin', details: { reason: 'role' } }),
			lookups
		);
		expect(text(page)).toBe('Rachel Referrer was refused access to the page /admin (role not allowed).');
		const upload = auditSentence(
			record({
				action: 'document.upload',
				outcome: 'denied',
				resourceType: 'booking',
				resourceId: BOOKING,
				details: { category: 'imaging', reason: 'role' }
			}),
			lookups
		);
		expect(text(upload)).toBe(
			'Rachel Referrer was refused permission to upload an imaging (scans, x-rays) to IME-7K2QWX (role not allowed).'
		);
		const impersonate = auditSentence(
			record({
				action: 'auth.impersonation_start',
				outcome: 'denied',
				actor: ALEX,
				resourceType: 'user',
				resourceId: RACHEL,
				details: { reason: 'not_referrer' }
			}),
			lookups
		);
		expect(text(impersonate)).toBe('Alex Admin was refused permission to act as Rachel Referrer (not referrer).');
	});

	it('falls back to plain words for an unknown action, and to neutral words for unknown ids', () => {
		const s = auditSentence(
			record({ action: 'billing.invoice_void', outcome: 'granted', resourceType: 'booking', resourceId: 'b-9' }),
			lookups
		);
		expect(text(s)).toBe('Rachel Referrer: billing invoice void on a booking.');
		const gone = auditSentence(
			record({ action: 'booking.read', actor: 'user-gone', resourceType: 'booking', resourceId: BOOKING }),
			lookups
		);
		expect(text(gone)).toBe('An unknown account viewed IME-7K2QWX.');
		expect(
			text(auditSentence(record({ action: 'document.purge', actor: 'system', resourceType: 'document', resourceId: 'x' }), lookups))
		).toBe('The system purged a document.');
	});

	it('never puts a detail value that could be PHI in the words', () => {
		const s = auditSentence(
			record({
				action: 'case.update',
				resourceType: 'case',
				resourceId: CASE,
				details: { claimantName: 'Jane Citizen', changed: 'claimant' }
			}),
			lookups
		);
		expect(text(s)).not.toContain('Jane');
	});
});

describe('idsToResolve', () => {
	it('collects each kind once, skipping system and anonymous actors', () => {
		const ids = idsToResolve([
			record({ actor: 'system', resourceType: 'document', resourceId: DOCUMENT, details: { bookingId: BOOKING } }),
			record({ actor: RACHEL, onBehalfOf: ALEX, resourceType: 'booking', resourceId: BOOKING }),
			record({ actor: 'anonymous', resourceType: 'case', resourceId: CASE }),
			record({ actor: ALEX, resourceType: 'page', resourceId: '/admin' })
		]);
		expect(ids).toEqual({ people: [RACHEL, ALEX], bookings: [BOOKING], cases: [CASE], documents: [DOCUMENT] });
	});
});

describe('helpers', () => {
	it('masks emails and puts codes in plain words', () => {
		expect(maskEmail('rachel@demo.test')).toBe('r…@demo.test');
		expect(maskEmail('nope')).toBe('…');
		expect(plainWords('booking.logistics_update')).toBe('booking logistics update');
	});
});
