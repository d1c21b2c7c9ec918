/**
 * Enclosure checklists: what each examination needs in the specialist's hands, and by when.
 *
 * The items come from the exam type's template (admins edit it; a type without rows uses the
 * default of its category). Each is due N business days before the examination in the clinic's
 * calendar (business-days.ts), recomputed when the booking moves. An item is met while a live
 * document of its category is on the booking (read from the documents, never stale), or marked
 * not applicable with a reason (sealed: it may name the claimant). Reminders: one digest a day
 * per responsible referrer (see `sendEnclosureDigests`).
 */
import { z } from 'zod';
import type { App } from '../../app';
import type { SignedInActor } from '../../auth/actor';
import { requireBookingAccess } from '../../auth/access';
import type { Scope } from '../../auth/scope';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import {
	checklistContext,
	claimDigest,
	clinicStatesOfBookings,
	enclosuresOfBookings,
	insertEnclosures,
	liveCategoriesOfBookings,
	pendingEnclosuresDueBy,
	recordMetDocument,
	replaceTemplateItems,
	setEnclosureDecision,
	setEnclosureDueOn,
	templateItemsOfType,
	type OpenEnclosureRow
} from '../../repositories/enclosures.repository';
import { findAppointmentType } from '../../repositories/catalogue.repository';
import { userEmails } from '../../repositories/referrers.repository';
import {
	DEFAULT_BUSINESS_DAYS_BEFORE,
	DUE_SOON_BUSINESS_DAYS,
	notApplicableSchema,
	type EnclosureStanding,
	type EnclosureView
} from '../../../schemas/case';
import { DOCUMENT_CATEGORIES, type DocumentCategory } from '../../../schemas/document';
import { recordAudit } from '../audit/audit';
import { enqueue } from '../outbox/outbox';
import { addDays, businessDaysBetween, dueOn } from './business-days';
import { localParts } from '../scheduling/builtin/zone-clock';

export type { EnclosureView };

/** The categories an enclosure may be (what a referrer sends before the examination). */
export const ENCLOSURE_CATEGORIES = [
	'brief',
	'consent_form',
	'medical_records',
	'imaging',
	'other'
] as const satisfies readonly DocumentCategory[];

export interface TemplateItem {
	category: DocumentCategory;
	label: string;
	businessDaysBefore: number;
}

const item = (category: DocumentCategory, label: string): TemplateItem => ({
	category,
	label,
	businessDaysBefore: DEFAULT_BUSINESS_DAYS_BEFORE
});

/**
 * The checklist of a type without its own template, by the type's category: a file review needs
 * the records only, a supplementary report the letter of instruction, an examination (IME, and
 * anything else) the letter, the consent form, the records and the imaging.
 */
export function defaultTemplate(typeCategory: string): TemplateItem[] {
	const c = typeCategory.toLowerCase();
	if (c.includes('file review')) return [item('medical_records', 'Medical records')];
	if (c.includes('supplementary')) return [item('brief', 'Letter of instruction')];
	return [
		item('brief', 'Letter of instruction'),
		item('consent_form', 'Consent form'),
		item('medical_records', 'Medical records'),
		item('imaging', 'Imaging (scans, X-rays)')
	];
}

/** A type's template: its own rows, or the default of its category (`isDefault`). */
export async function templateOfType(
	exec: Executor,
	appointmentTypeId: string
): Promise<{ items: TemplateItem[]; isDefault: boolean } | null> {
	const type = await findAppointmentType(exec, appointmentTypeId);
	if (!type) return null;
	const rows = await templateItemsOfType(exec, appointmentTypeId);
	if (rows.length === 0) return { items: defaultTemplate(type.category), isDefault: true };
	return { items: rows.map((r) => ({ category: r.category, label: r.label, businessDaysBefore: r.businessDaysBefore })), isDefault: false };
}

export const templateItemSchema = z.object({
	category: z.enum(ENCLOSURE_CATEGORIES, 'Choose the document category.'),
	label: z.string().trim().min(1, 'Enter a label.').max(120, 'Keep the label under 120 characters.'),
	businessDaysBefore: z.coerce
		.number('Enter the business days as a number.')
		.int('Enter whole business days.')
		.min(0, 'Enter 0 to 60 business days.')
		.max(60, 'Enter 0 to 60 business days.')
});
export const templateSchema = z
	.array(templateItemSchema)
	.max(ENCLOSURE_CATEGORIES.length, 'A checklist has at most one item per category.')
	.refine((items) => new Set(items.map((i) => i.category)).size === items.length, 'Each category may appear only once.');

/**
 * Saves a type's template (admins; audited). New bookings of the type take it; existing
 * checklists stay as they are. An empty list goes back to the category's default.
 */
export async function saveTemplate(app: App, who: SignedInActor, appointmentTypeId: string, items: unknown): Promise<TemplateItem[]> {
	if (who.caller.platformRole !== 'admin') throw new AppError('FORBIDDEN', 'Only administrators edit checklists.');
	const parsed = templateSchema.safeParse(items);
	if (!parsed.success) {
		// The field is named after the item's category (the editor has one row per category): e.g. days-imaging.
		const issue = parsed.error.issues[0]!;
		const category = Array.isArray(items) ? (items[Number(issue.path[0])] as { category?: unknown } | undefined)?.category : undefined;
		const key = issue.path[1] === 'businessDaysBefore' ? 'days' : String(issue.path[1] ?? 'items');
		const field = issue.path.length >= 2 && typeof category === 'string' ? `${key}-${category}` : 'items';
		throw new AppError('BAD_REQUEST', issue.message, field);
	}
	const type = await findAppointmentType(app.database.db, appointmentTypeId);
	if (!type) throw new AppError('NOT_FOUND', 'No such examination type.');
	await app.database.db.transaction(async (tx) => {
		await replaceTemplateItems(tx, appointmentTypeId, parsed.data);
		await recordAudit(tx, who, {
			action: 'enclosure.template_update',
			outcome: 'granted',
			resourceType: 'appointment_type',
			resourceId: appointmentTypeId,
			details: { items: parsed.data.length, categories: parsed.data.map((i) => i.category).join(',') }
		});
	});
	return parsed.data;
}

/**
 * Writes the booking's checklist from its type's template (inside the booking's own transaction).
 * Safe to run twice: an item of a category already there is kept.
 */
export async function createChecklist(exec: Executor, bookingId: string): Promise<void> {
	const ctx = await checklistContext(exec, bookingId);
	if (!ctx) return;
	const template = await templateOfType(exec, ctx.appointmentTypeId);
	if (!template) return;
	await insertEnclosures(
		exec,
		template.items.map((i) => ({
			bookingId,
			category: i.category,
			label: i.label,
			businessDaysBefore: i.businessDaysBefore,
			dueOn: dueOn(ctx.startsAt, ctx.clinicTimeZone, i.businessDaysBefore, ctx.state)
		}))
	);
}

/** After the booking moved (time, place or specialist): each item's due date again, from its own business days. */
export async function recomputeDueDates(exec: Executor, bookingId: string): Promise<void> {
	const ctx = await checklistContext(exec, bookingId);
	if (!ctx) return;
	for (const row of await enclosuresOfBookings(exec, [bookingId])) {
		const due = dueOn(ctx.startsAt, ctx.clinicTimeZone, row.businessDaysBefore, ctx.state);
		if (due !== row.dueOn) await setEnclosureDueOn(exec, row.id, due);
	}
}

/** Today's date (YYYY-MM-DD) in a zone; the service reads "today" in Sydney (reminders, dashboard). */
export const todayIn = (now: Date, timeZone = 'Australia/Sydney') => localParts(now, timeZone).date;

/** Where an unmet, applicable item stands on `today`. */
export function standingOf(due: string, today: string, state: string | null): { standing: EnclosureStanding; businessDaysLeft: number } {
	const left = businessDaysBetween(today, due, state);
	if (due < today) return { standing: 'overdue', businessDaysLeft: left };
	if (left <= DUE_SOON_BUSINESS_DAYS) return { standing: 'due_soon', businessDaysLeft: left };
	return { standing: 'due', businessDaysLeft: left };
}

/** The checklists of these bookings, keyed by booking id (bookings without one map to []). */
export async function enclosureViews(exec: Executor, bookingIds: readonly string[], today: string): Promise<Map<string, EnclosureView[]>> {
	const out = new Map<string, EnclosureView[]>(bookingIds.map((id) => [id, []]));
	const rows = await enclosuresOfBookings(exec, bookingIds);
	if (rows.length === 0) return out;
	const withItems = [...new Set(rows.map((r) => r.bookingId))];
	const met = new Map<string, string>();
	for (const d of await liveCategoriesOfBookings(exec, withItems)) met.set(`${d.bookingId}:${d.category}`, d.documentId);
	const states = await clinicStatesOfBookings(exec, withItems);
	for (const r of rows) {
		const documentId = met.get(`${r.bookingId}:${r.category}`);
		let view: EnclosureView;
		const base = {
			id: r.id,
			bookingId: r.bookingId,
			category: r.category,
			label: r.label,
			dueOn: r.dueOn,
			businessDaysBefore: r.businessDaysBefore
		};
		if (r.state === 'not_applicable') view = { ...base, standing: 'not_applicable', businessDaysLeft: null };
		else if (documentId) {
			view = { ...base, standing: 'met', businessDaysLeft: null };
			if (!r.metDocumentId) await recordMetDocument(exec, r.id, documentId);
		} else view = { ...base, ...standingOf(r.dueOn, today, states.get(r.bookingId) ?? null) };
		out.get(r.bookingId)?.push(view);
	}
	// Earliest due first; on one date, in the order a brief usually lists them.
	const rank = (c: DocumentCategory) => (ENCLOSURE_CATEGORIES as readonly string[]).indexOf(c);
	for (const list of out.values()) list.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || rank(a.category) - rank(b.category));
	return out;
}

/** The worst standing of a checklist: what a list's badge shows (overdue, due soon), or null. */
export function checklistAlert(items: readonly EnclosureView[]): 'overdue' | 'due_soon' | null {
	if (items.some((i) => i.standing === 'overdue')) return 'overdue';
	if (items.some((i) => i.standing === 'due_soon')) return 'due_soon';
	return null;
}

/** The badge of each listed booking's checklist: overdue, due soon, or null. */
export async function enclosureAlerts(
	exec: Executor,
	bookingIds: readonly string[],
	today: string
): Promise<Map<string, 'overdue' | 'due_soon' | null>> {
	const views = await enclosureViews(exec, bookingIds, today);
	return new Map([...views].map(([id, items]) => [id, checklistAlert(items)]));
}

/** Marks an item not applicable, with the reason (sealed). Admins and referrers in the booking's scope. */
export async function markNotApplicable(
	app: App,
	who: SignedInActor,
	scope: Scope,
	bookingId: string,
	enclosureId: string,
	input: unknown
) {
	const b = await requireBookingAccess(app, who, scope, bookingId, 'enclosure.decide', { operation: 'enclosure.not_applicable' });
	const parsed = notApplicableSchema.safeParse(input);
	if (!parsed.success) throw new AppError('BAD_REQUEST', parsed.error.issues[0]!.message, 'reason');
	await app.database.db.transaction(async (tx) => {
		const row = await setEnclosureDecision(tx, b.id, enclosureId, {
			state: 'not_applicable',
			reasonEncrypted: app.cipher.encrypt(parsed.data.reason, 'enclosure-reason'),
			decidedByUserId: who.impersonatedBy ?? who.userId,
			decidedAt: new Date()
		});
		if (!row) throw new AppError('NOT_FOUND', 'No such checklist item.');
		await recordAudit(tx, who, {
			action: 'enclosure.not_applicable',
			outcome: 'granted',
			resourceType: 'booking',
			resourceId: b.id,
			details: { enclosureId: row.id, category: row.category }
		});
	});
}

/** Undoes "not applicable": the item is pending again (and its reason gone). */
export async function reopenEnclosure(app: App, who: SignedInActor, scope: Scope, bookingId: string, enclosureId: string) {
	const b = await requireBookingAccess(app, who, scope, bookingId, 'enclosure.decide', { operation: 'enclosure.reopen' });
	await app.database.db.transaction(async (tx) => {
		const row = await setEnclosureDecision(tx, b.id, enclosureId, {
			state: 'pending',
			reasonEncrypted: null,
			decidedByUserId: who.impersonatedBy ?? who.userId,
			decidedAt: new Date()
		});
		if (!row) throw new AppError('NOT_FOUND', 'No such checklist item.');
		await recordAudit(tx, who, {
			action: 'enclosure.reopen',
			outcome: 'granted',
			resourceType: 'booking',
			resourceId: b.id,
			details: { enclosureId: row.id, category: row.category }
		});
	});
}

/** The reasons of a booking's not-applicable items, opened (for the booking page, after its scope check). */
export async function notApplicableReasons(app: Pick<App, 'cipher' | 'database'>, bookingId: string): Promise<Record<string, string>> {
	const reasons: Record<string, string> = {};
	for (const row of await enclosuresOfBookings(app.database.db, [bookingId]))
		if (row.state === 'not_applicable' && row.reasonEncrypted)
			reasons[row.id] = app.cipher.decrypt(row.reasonEncrypted, 'enclosure-reason');
	return reasons;
}

export interface OpenItem extends OpenEnclosureRow {
	standing: 'overdue' | 'due_soon';
	businessDaysLeft: number;
}

/**
 * Unmet, applicable items of examinations still to come that are overdue or due within
 * DUE_SOON_BUSINESS_DAYS business days on `today`. (Calendar days are a generous first cut: 3
 * business days never span more than 14 calendar days, holidays included.)
 */
export async function openItems(exec: Executor, today: string, now: Date): Promise<OpenItem[]> {
	const rows = await pendingEnclosuresDueBy(exec, addDays(today, 14), now);
	if (rows.length === 0) return [];
	const met = new Set(
		(await liveCategoriesOfBookings(exec, [...new Set(rows.map((r) => r.bookingId))])).map((d) => `${d.bookingId}:${d.category}`)
	);
	const out: OpenItem[] = [];
	for (const r of rows) {
		if (met.has(`${r.bookingId}:${r.category}`)) continue;
		const s = standingOf(r.dueOn, today, r.state);
		if (s.standing === 'overdue' || s.standing === 'due_soon')
			out.push({ ...r, standing: s.standing, businessDaysLeft: s.businessDaysLeft });
	}
	return out;
}

/** The admin dashboard's list: examinations with overdue items (reference, date, labels). */
export async function overdueExaminations(exec: Executor, now = new Date(), limit = 25) {
	// Each examination's items in one fixed order (that of the document categories), not the query's.
	const items = (await openItems(exec, todayIn(now), now))
		.filter((i) => i.standing === 'overdue')
		.sort((a, b) => DOCUMENT_CATEGORIES.indexOf(a.category) - DOCUMENT_CATEGORIES.indexOf(b.category));
	const byBooking = new Map<string, { bookingId: string; reference: string; startsAt: Date; clinicTimeZone: string; labels: string[] }>();
	for (const i of items) {
		const entry = byBooking.get(i.bookingId) ?? {
			bookingId: i.bookingId,
			reference: i.reference,
			startsAt: i.startsAt,
			clinicTimeZone: i.clinicTimeZone,
			labels: []
		};
		entry.labels.push(i.label);
		byBooking.set(i.bookingId, entry);
	}
	return [...byBooking.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).slice(0, limit);
}

const dueLabel = (date: string) =>
	new Intl.DateTimeFormat('en-AU', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
		new Date(`${date}T00:00:00Z`)
	);

/**
 * The daily reminder: for each responsible referrer with items overdue or due within 3 business
 * days, ONE email listing them all, written to the outbox in the same transaction as the day's
 * enclosure_digest row. The row's key (referrer, day) makes a second run — or a second instance
 * running at the same moment — write nothing: never sent twice. Answers how many digests it wrote.
 */
export async function sendEnclosureDigests(app: App, now = new Date()): Promise<number> {
	const db = app.database.db;
	const today = todayIn(now);
	const items = await openItems(db, today, now);
	const byOwner = new Map<string, OpenItem[]>();
	for (const i of items) byOwner.set(i.ownerUserId, [...(byOwner.get(i.ownerUserId) ?? []), i]);
	if (byOwner.size === 0) return 0;
	const emails = new Map((await userEmails(db, [...byOwner.keys()])).map((u) => [u.id, u.email]));
	let sent = 0;
	for (const [userId, list] of byOwner) {
		const to = emails.get(userId);
		if (!to) continue;
		const overdue = list.filter((i) => i.standing === 'overdue').length;
		const lines = list.map(
			(i) =>
				`- ${i.reference}: ${i.label}, ${i.standing === 'overdue' ? 'overdue since' : 'due'} ${dueLabel(i.dueOn)} — ${app.config.origin}/bookings/${i.bookingId}`
		);
		const subject =
			overdue > 0
				? `Documents overdue for ${new Set(list.filter((i) => i.standing === 'overdue').map((i) => i.bookingId)).size === 1 ? 'an examination' : 'your examinations'}`
				: 'Documents due soon for your examinations';
		const text = [
			`These documents are needed before the examinations below (${overdue} overdue, ${list.length - overdue} due within ${DUE_SOON_BUSINESS_DAYS} business days).`,
			'Upload them on the booking, or mark an item not applicable there.',
			'',
			...lines
		].join('\n');
		const wrote = await db.transaction(async (tx) => {
			if (!(await claimDigest(tx, userId, today, list.length))) return false;
			await enqueue(tx, app.cipher, {
				channel: 'email',
				template: 'enclosure_digest',
				to,
				subject,
				text,
				userId,
				link: `${app.config.origin}/bookings`
			});
			return true;
		});
		if (wrote) sent++;
	}
	return sent;
}

/** The hour (Sydney) from which the day's digests go: a referrer reads them with the morning's mail. */
export const DIGEST_FROM_HOUR = 7;

/** The periodic job (run hourly by every instance): the day's digests once it is morning in Sydney. */
export async function runEnclosureReminders(app: App, now = new Date()): Promise<number> {
	if (localParts(now, 'Australia/Sydney').minute < DIGEST_FROM_HOUR * 60) return 0;
	return sendEnclosureDigests(app, now);
}
