/**
 * The claimant's logistics for one examination: interpreter, accessibility and support person, and
 * by the examination's mode either travel (in person) or the join link, technology check and who to
 * call (telehealth). Every value is sealed in booking_logistics.data_encrypted (AAD
 * `LOGISTICS_AAD`); the two plain flags beside it (interpreter needed, technology check) hold no
 * detail about the claimant beyond what lists show.
 *
 * Who: admins and referrers with the booking in scope read everything and change it
 * (`logistics.edit`); the booking's specialist reads only what the day needs (`logistics.read_day_of`):
 * no travel or reimbursement, and never the examinee's contact details. A booking outside the
 * caller's scope is "not found", audited (auth/access.ts).
 *
 * Until logistics are saved, the interpreter's language comes from the examinee (the wizard asks
 * whether one is needed, and the language).
 */
import type { App } from '../../app';
import { attributedTo, type SignedInActor } from '../../auth/actor';
import { can, requireBookingAccess } from '../../auth/access';
import type { Scope } from '../../auth/scope';
import { AppError } from '../../errors';
import { insertHistory } from '../../repositories/booking-history.repository';
import {
	findLogistics,
	findLogisticsWithMode,
	logisticsForScope,
	modeOfBooking,
	upsertLogistics
} from '../../repositories/logistics.repository';
import { logisticsSchema, TECH_CHECK_LABELS, type Logistics, type TechCheckState } from '../../../schemas/case';
import type { Examinee } from '../../../schemas/booking';
import { fieldErrors } from '../../trpc';
import { recordAudit } from '../audit/audit';
import { openExaminee } from '../booking/examinee';
import type { Cipher } from '../crypto/cipher';

/** The associated data every sealed logistics value is bound to (key rotation re-seals with it). */
export const LOGISTICS_AAD = 'booking-logistics';

export type LogisticsMode = 'in_person' | 'telehealth';
const modeOf = (m: string | null | undefined): LogisticsMode => (m === 'telehealth' ? 'telehealth' : 'in_person');

const TRAVEL_FIELDS = ['travelDistanceKm', 'travelBookedBy', 'reimbursementNote'] as const;
const TELEHEALTH_FIELDS = ['joinLink', 'techCheck', 'contactForTechnology'] as const;

const JOIN_LINK_MESSAGE = 'Enter the join link as a web address (https://…).';
/** The form's schema, and a join link only on the web (a `javascript:` or `file:` address is refused). */
export const webJoinLink = (
	v: { joinLink: string },
	ctx: { addIssue: (i: { code: 'custom'; path: string[]; message: string }) => void }
) => {
	if (v.joinLink && !/^https?:\/\//i.test(v.joinLink)) ctx.addIssue({ code: 'custom', path: ['joinLink'], message: JOIN_LINK_MESSAGE });
};
export const logisticsInput = logisticsSchema.superRefine(webJoinLink);

export const sealLogistics = (cipher: Cipher, l: Logistics) => cipher.encrypt(JSON.stringify(l), LOGISTICS_AAD);
export const openLogistics = (cipher: Cipher, sealed: string): Logistics =>
	logisticsSchema.parse({ ...JSON.parse(cipher.decrypt(sealed, LOGISTICS_AAD)) });

const DEFAULTS: Logistics = logisticsSchema.parse({});

/** Only the fields of this mode: the other mode's are reset (they do not apply to this examination). */
function forMode(l: Logistics, mode: LogisticsMode): Logistics {
	const out = { ...l };
	for (const f of mode === 'telehealth' ? TRAVEL_FIELDS : TELEHEALTH_FIELDS) (out as Record<string, unknown>)[f] = DEFAULTS[f];
	return out;
}

/** What the wizard already knows: the interpreter's language. */
function prefilled(e: Pick<Examinee, 'interpreter' | 'language'>): Logistics {
	return { ...DEFAULTS, interpreterLanguage: e.interpreter === 'yes' ? (e.language ?? '').trim() : '' };
}

/** What the specialist needs on the day (and everyone else sees too). */
export interface DayOfLogistics {
	interpreterNeeded: boolean;
	interpreterLanguage: string;
	interpreterDialect: string;
	accessibilityNote: string;
	supportPerson: string;
	/** Telehealth only. */
	telehealth: { joinLink: string; techCheck: TechCheckState; techCheckLabel: string; contactForTechnology: string } | null;
}

function dayOf(l: Logistics, mode: LogisticsMode): DayOfLogistics {
	return {
		interpreterNeeded: l.interpreterLanguage !== '',
		interpreterLanguage: l.interpreterLanguage,
		interpreterDialect: l.interpreterDialect,
		accessibilityNote: l.accessibilityNote,
		supportPerson: l.supportPerson,
		telehealth:
			mode === 'telehealth'
				? {
						joinLink: l.joinLink,
						techCheck: l.techCheck,
						techCheckLabel: TECH_CHECK_LABELS[l.techCheck],
						contactForTechnology: l.contactForTechnology
					}
				: null
	};
}

export interface LogisticsView {
	bookingId: string;
	mode: LogisticsMode;
	/** False until someone saves them (the interpreter then comes from the examinee). */
	saved: boolean;
	updatedAt: Date | null;
	canEdit: boolean;
	/** Everything, for those who may change it; null for the specialist. */
	full: Logistics | null;
	dayOf: DayOfLogistics;
}

/** The booking's logistics as the caller may see them (decrypted, with defaults). */
export async function getLogistics(app: App, who: SignedInActor, scope: Scope, bookingId: string): Promise<LogisticsView> {
	const b = await requireBookingAccess(app, who, scope, bookingId, 'logistics.read_day_of', { operation: 'logistics.read' });
	const db = app.database.db;
	const { logistics: row, mode: type } = await findLogisticsWithMode(db, b.id);
	const mode = modeOf(type);
	const logistics = forMode(
		row ? openLogistics(app.cipher, row.dataEncrypted) : prefilled(openExaminee(app.cipher, b.examineeEncrypted)),
		mode
	);
	const canEdit = can(who, 'logistics.edit');
	return {
		bookingId: b.id,
		mode,
		saved: Boolean(row),
		updatedAt: row?.updatedAt ?? null,
		canEdit,
		full: canEdit ? logistics : null,
		dayOf: dayOf(logistics, mode)
	};
}

/** The day-of logistics of the listed bookings in the caller's scope (the specialist's appointments), by booking id. */
export async function dayOfLogistics(
	app: App,
	who: SignedInActor,
	scope: Scope,
	bookingIds: readonly string[]
): Promise<Record<string, DayOfLogistics & { mode: LogisticsMode }>> {
	if (!can(who, 'logistics.read_day_of')) return {};
	const rows = await logisticsForScope(app.database.db, scope, bookingIds);
	return Object.fromEntries(
		rows.map((r) => {
			const mode = modeOf(r.mode);
			const l = forMode(
				r.dataEncrypted ? openLogistics(app.cipher, r.dataEncrypted) : prefilled(openExaminee(app.cipher, r.examineeEncrypted)),
				mode
			);
			return [r.bookingId, { mode, ...dayOf(l, mode) }];
		})
	);
}

/**
 * Validates, seals and saves the booking's logistics (the other mode's fields are dropped), with a
 * history row and an audit record that name the fields changed, never their values.
 */
export async function saveLogistics(app: App, who: SignedInActor, scope: Scope, bookingId: string, input: unknown): Promise<LogisticsView> {
	const b = await requireBookingAccess(app, who, scope, bookingId, 'logistics.edit', {
		operation: 'logistics.update',
		message: 'Only the referrer or our team can change the logistics.'
	});
	const parsed = logisticsInput.safeParse(input);
	if (!parsed.success) {
		const [field, message] = Object.entries(fieldErrors(parsed.error))[0] ?? ['input', 'Please check the logistics.'];
		throw new AppError('BAD_REQUEST', message, field);
	}
	const db = app.database.db;
	const mode = modeOf(await modeOfBooking(db, b.id));
	const next = forMode(parsed.data, mode);
	const actorUserId = who.impersonatedBy ?? who.userId;
	const onBehalf = who.onBehalfOf ?? (who.impersonatedBy ? who.userId : null);
	const onBehalfOfUserId = onBehalf && onBehalf !== actorUserId ? onBehalf : null;
	await db.transaction(async (tx) => {
		const before = await findLogistics(tx, b.id);
		const previous = before ? openLogistics(app.cipher, before.dataEncrypted) : DEFAULTS;
		const changed = (Object.keys(next) as (keyof Logistics)[]).filter((k) => String(next[k]) !== String(previous[k]));
		await upsertLogistics(tx, {
			bookingId: b.id,
			dataEncrypted: sealLogistics(app.cipher, next),
			interpreterNeeded: next.interpreterLanguage !== '',
			techCheck: next.techCheck,
			updatedByUserId: actorUserId
		});
		await insertHistory(tx, { bookingId: b.id, action: 'logistics.update', actorUserId, onBehalfOfUserId });
		// Field names and codes only: the values say things about the claimant.
		await recordAudit(tx, attributedTo(who, actorUserId, onBehalfOfUserId), {
			action: 'booking.logistics_update',
			outcome: 'granted',
			resourceType: 'booking',
			resourceId: b.id,
			details: { mode, changedFields: changed.join(','), created: !before }
		});
	});
	return getLogistics(app, who, scope, b.id);
}
