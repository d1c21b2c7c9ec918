/** The access rules as a table: each role against each permission, and the subjects that change an answer. */
import { describe, expect, it } from 'vitest';
import { can, callerCan, RULES, uploadableCategories, type Permission, type Who } from './access';
import type { Caller } from './scope';

const caller = (over: Partial<Caller>): Caller => ({
	userId: 'u1',
	platformRole: 'user',
	organizationId: 'o1',
	orgRoles: ['referrer'],
	teamId: null,
	...over
});
const who = (c: Caller, impersonatedBy: string | null = null): Who => ({ caller: c, userId: c.userId, impersonatedBy });

const admin = who(caller({ platformRole: 'admin', organizationId: null, orgRoles: [] }));
const specialist = who(caller({ platformRole: 'specialist', organizationId: null, orgRoles: [] }));
const referrer = who(caller({}));
const owner = who(caller({ orgRoles: ['owner'] }));
const noRole = who(caller({ orgRoles: [] }));
/** An admin acting as a referrer: the session is the referrer's. */
const acting = who(caller({}), 'admin-1');

/** Permissions about no subject, and who has each (admin, specialist, referrer, owner, user without a role). */
const TABLE: Record<
	Exclude<Permission, 'document.see' | 'document.upload' | 'document.manage'>,
	[boolean, boolean, boolean, boolean, boolean]
> = {
	'booking.book': [true, false, true, true, false],
	'booking.book_for_others': [true, false, false, false, false],
	'booking.reschedule': [true, false, true, true, false],
	'booking.cancel': [true, false, true, true, false],
	'booking.move': [true, false, false, false, false],
	'booking.set_status': [true, false, false, false, false],
	'booking.waive_fee': [true, false, false, false, false],
	'booking.invoice_fee': [true, false, false, false, false],
	'report.start_transcription': [true, false, false, false, false],
	'report.approve': [true, true, false, false, false],
	'report.request_changes': [true, true, false, false, false],
	'report.release': [true, false, false, false, false],
	'document.restore': [true, false, false, false, false],
	'audit.export': [true, false, false, false, false],
	'insights.read': [true, false, false, false, false],
	'examinee.export': [true, false, false, false, false],
	'case.read': [true, false, true, true, false],
	'case.create': [true, false, true, true, false],
	'case.edit': [true, false, true, true, false],
	'case.export': [true, false, true, true, false],
	'logistics.edit': [true, false, true, true, false],
	'logistics.read_day_of': [true, true, true, true, false],
	'enclosure.decide': [true, false, true, true, false]
};

describe('access rules', () => {
	it('cover every permission in the table or the subject tests below', () => {
		expect(Object.keys(RULES).sort()).toEqual([...Object.keys(TABLE), 'document.manage', 'document.see', 'document.upload'].sort());
	});

	it.each(Object.entries(TABLE))('%s: admin, specialist, referrer, owner, no org role', (permission, expected) => {
		const p = permission as keyof typeof TABLE;
		expect([admin, specialist, referrer, owner, noRole].map((w) => can(w, p))).toEqual(expected);
		expect([admin, specialist, referrer, owner, noRole].map((w) => callerCan(w.caller, p))).toEqual(expected);
	});

	it('never lets a referrer without an organisation book', () => {
		expect(can(who(caller({ organizationId: null })), 'booking.book')).toBe(false);
	});

	it('refuses the examinee export to an impersonated session, whatever its role', () => {
		expect(can(who(admin.caller, 'admin-2'), 'examinee.export')).toBe(false);
	});

	it('shows referrers their own kinds of document, and the final report only once released', () => {
		const see = (w: Who, category: Parameters<typeof can<'document.see'>>[2]['category'], reportState = 'none' as const) =>
			can(w, 'document.see', { category, reportState });
		for (const c of ['consent_form', 'brief', 'medical_records', 'other'] as const) expect(see(referrer, c)).toBe(true);
		for (const c of ['dictation', 'draft_report', 'final_report'] as const) expect(see(referrer, c)).toBe(false);
		expect(can(referrer, 'document.see', { category: 'final_report', reportState: 'approved' })).toBe(false);
		expect(can(referrer, 'document.see', { category: 'final_report', reportState: 'released' })).toBe(true);
		for (const w of [admin, specialist]) expect(see(w, 'dictation')).toBe(true);
	});

	it('lets each role upload its own categories', () => {
		expect(uploadableCategories(admin)).toHaveLength(8);
		expect(uploadableCategories(specialist)).toEqual(['dictation', 'draft_report', 'other']);
		expect(uploadableCategories(referrer)).toEqual(['consent_form', 'brief', 'medical_records', 'imaging', 'other']);
		expect(uploadableCategories(noRole)).toEqual([]);
		expect(can(referrer, 'document.upload', { category: 'dictation' })).toBe(false);
		expect(can(specialist, 'document.upload', { category: 'dictation' })).toBe(true);
	});

	it('lets the uploader — or the admin who uploaded while acting for them — manage a document', () => {
		expect(can(referrer, 'document.manage', { uploadedByUserId: 'u1' })).toBe(true);
		expect(can(referrer, 'document.manage', { uploadedByUserId: 'someone-else' })).toBe(false);
		expect(can(acting, 'document.manage', { uploadedByUserId: 'admin-1' })).toBe(true);
		expect(can(admin, 'document.manage', { uploadedByUserId: 'someone-else' })).toBe(true);
		// A session without impersonation never matches an upload recorded under "nobody".
		expect(can(referrer, 'document.manage', { uploadedByUserId: null as unknown as string })).toBe(false);
	});
});
