/**
 * A booking made with the keyboard alone, as a person would make it: Tab to what they want (the
 * skip link first on every page), type, Enter. Shared by e2e/journey-keyboard.spec.ts (which counts
 * the Tab and Enter presses) and `npm run bench:time-to-book` (which models how long a person takes).
 *
 * Every key pressed is counted, and the journey is written down as keystroke-level-model operators
 * (Card, Moran & Newell, 1980): K a keystroke, M a mental preparation (finding the next thing on a
 * new page, recalling what to type, making a choice), R the system's response, measured. A keyboard
 * journey has no P (pointing) and no H (homing between mouse and keyboard).
 */
import type { Locator, Page } from '@playwright/test';

export type Operator = 'K' | 'P' | 'H' | 'M' | 'R';

/** Seconds per operator: K for an average typist (40 wpm); R is measured. */
export const KLM_SECONDS: Record<Exclude<Operator, 'R'>, number> = { K: 0.28, P: 1.1, H: 0.4, M: 1.35 };

export interface Op {
	op: Operator;
	/** How many times (keystrokes of one typed value are one entry). */
	n: number;
	label: string;
	/** The measured seconds of an R. */
	seconds?: number;
	/** The wizard page the operator happened on. */
	step: string;
}

export interface Keystrokes {
	tab: number;
	enter: number;
	/** Characters typed into fields. */
	typed: number;
	/** Arrows, Space, Page Up/Down. */
	other: number;
}

/** Someone at the keyboard: every key and every wait written down. */
export class KeyboardUser {
	readonly keys: Keystrokes = { tab: 0, enter: 0, typed: 0, other: 0 };
	readonly ops: Op[] = [];
	/** Every page shown (URL without its hash), in order; `full` when the browser loaded a whole document. */
	readonly pages: { url: string; full: boolean }[] = [];
	step = 'start';
	/** When each page was reached (performance.now(), ms). */
	readonly arrivals: { step: string; at: number }[] = [];
	private fullLoad = false;

	constructor(readonly page: Page) {
		page.on('load', () => (this.fullLoad = true));
		page.on('framenavigated', (frame) => {
			if (frame !== page.mainFrame()) return;
			const url = frame.url().split('#')[0]!;
			if (this.pages.at(-1)?.url === url) return;
			this.pages.push({ url, full: false });
		});
	}

	/** The whole-document loads among the pages (the rest are the app's own navigations). */
	get fullLoads() {
		return this.pages.filter((p) => p.full).length;
	}

	private record(op: Operator, label: string, n = 1, seconds?: number) {
		const last = this.ops.at(-1);
		// Consecutive Tabs are one entry ("K×6 Tab").
		if (last && op === 'K' && last.op === 'K' && last.label === label && label === 'Tab' && last.step === this.step) last.n += n;
		else this.ops.push({ op, n, label, seconds, step: this.step });
	}

	/** A new page: where the next operators happen. */
	on(step: string) {
		this.step = step;
		this.arrivals.push({ step, at: performance.now() });
		// A page counts as a whole-document load when the browser fired `load` since the last one.
		const last = this.pages.at(-1);
		if (last && this.fullLoad) last.full = true;
		this.fullLoad = false;
	}

	think(label: string) {
		this.record('M', label);
	}

	/** Press a key; `note` says what it does ("Space (No)"). */
	async press(key: string, note?: string) {
		await this.page.keyboard.press(key);
		if (key === 'Tab') this.keys.tab++;
		else if (key === 'Enter') this.keys.enter++;
		else this.keys.other++;
		this.record('K', note ? `${key} (${note})` : key);
	}

	/** Type a value into the focused field (each character a keystroke). */
	async type(text: string, label: string) {
		await this.page.keyboard.type(text);
		this.keys.typed += text.length;
		this.record('K', `type ${label} (${text.length})`, text.length);
	}

	/** Whether focus is on `target` or inside it. */
	async focusIn(target: Locator) {
		return target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
	}

	/** Press Tab until focus is on (or inside) `target`. */
	async tabTo(target: Locator, max = 40) {
		for (let i = 0; i <= max; i++) {
			if (await this.focusIn(target)) return;
			await this.press('Tab');
		}
		throw new Error(`${max} Tab presses did not reach ${target}`);
	}

	/** The page's "Skip to content" link: past the header in two keys. */
	async skipToContent() {
		await this.tabTo(this.page.getByRole('link', { name: 'Skip to content' }), 3);
		await this.press('Enter');
	}

	/** Press `key` and wait, measured, until `ready` says the app has answered (an R). */
	async pressAndWait(key: string, label: string, ready: () => Promise<unknown>) {
		const started = performance.now();
		await this.press(key);
		await ready();
		this.record('R', label, 1, (performance.now() - started) / 1000);
	}

	/** The keystroke-level model's time: K and M at their rates, R as measured. */
	modelled() {
		const by: Record<Operator, { n: number; seconds: number }> = {
			K: { n: 0, seconds: 0 },
			P: { n: 0, seconds: 0 },
			H: { n: 0, seconds: 0 },
			M: { n: 0, seconds: 0 },
			R: { n: 0, seconds: 0 }
		};
		for (const o of this.ops) {
			by[o.op].n += o.n;
			by[o.op].seconds += o.op === 'R' ? (o.seconds ?? 0) : o.n * KLM_SECONDS[o.op];
		}
		const total = Object.values(by).reduce((s, v) => s + v.seconds, 0);
		return { by, total };
	}
}

export interface JourneyOptions {
	/** The examination's link text on the wizard's first page. */
	exam: RegExp;
	/** "Dr Priya Natarajan". */
	specialist: string;
	/** Take the second free day shown (arrow key) rather than the first, and the second time of it. */
	later?: boolean;
	examinee: { given: string; family: string; dobDigits: string; phone: string; address: string; bodyParts: string };
	/** Checks of the test's own once focus is in the calendar, and in the times (keys pressed there are the test's, not counted). */
	inCalendar?: (u: KeyboardUser) => Promise<void>;
	inTimes?: (u: KeyboardUser) => Promise<void>;
	/** Checks once everything is typed, before Review. */
	typed?: (u: KeyboardUser) => Promise<void>;
}

/** From the wizard's first page (already open and ready) to the confirmed booking. Returns the booking's URL. */
export async function bookByKeyboard(u: KeyboardUser, o: JourneyOptions): Promise<string> {
	const { page } = u;
	// The path and query only: a fragment (the skip link's #main) may stay on the URL.
	const url = (re: RegExp) => () => page.waitForURL((u) => re.test(u.pathname + u.search));

	u.on('examination');
	u.think('find the examination');
	await u.skipToContent();
	await u.tabTo(page.getByRole('link', { name: o.exam }));
	await u.pressAndWait('Enter', 'examination chosen', url(/\/bookings\/new\/specialist\?/));

	u.on('specialist');
	u.think('find the specialist');
	await u.skipToContent();
	await u.tabTo(page.getByRole('link', { name: `Choose ${o.specialist}` }));
	await u.pressAndWait('Enter', 'specialist chosen', url(/\/bookings\/new\/slot\?/));

	u.on('time');
	u.think('find a day and time');
	await u.skipToContent();
	const days = page.getByRole('grid', { name: /\d{4}$/ });
	const times = page.getByTestId('times');
	if (o.later) {
		await u.tabTo(days);
		if (o.inCalendar) await o.inCalendar(u);
		u.think('choose a day');
		const before = await page.evaluate(() => document.activeElement?.getAttribute('data-day'));
		await u.press('ArrowRight');
		// The first free day was the month's last: the next month's first.
		if ((await page.evaluate(() => document.activeElement?.getAttribute('data-day'))) === before) {
			await u.pressAndWait('PageDown', 'next month', () =>
				page.waitForFunction((d) => (document.activeElement?.getAttribute('data-day') ?? d) !== d, before)
			);
		}
		await u.pressAndWait('Enter', 'day chosen', () => page.waitForFunction(() => document.activeElement?.closest('[data-testid=times]')));
		if (o.inTimes) await o.inTimes(u);
		u.think('choose a time');
		await u.press('ArrowRight');
	} else {
		await u.tabTo(times);
		if (o.inTimes) await o.inTimes(u);
		u.think('choose a time');
	}
	await u.pressAndWait('Enter', 'time held', url(/\/bookings\/new\/d\/[0-9a-f-]{36}\/examinee$/));

	u.on('examinee');
	u.think('find the first field');
	await u.skipToContent();
	const e = o.examinee;
	const field = async (label: string, text: string) => {
		// The date of birth is a date field: day, month and year segments in a labelled group.
		await u.tabTo(
			label === 'Date of birth' ? page.getByRole('group', { name: label, exact: true }) : page.getByLabel(label, { exact: true })
		);
		u.think(`recall ${label.toLowerCase()}`);
		await u.type(text, label.toLowerCase());
	};
	await field('Given names', e.given);
	await field('Family name', e.family);
	await field('Date of birth', e.dobDigits);
	await field('Phone', e.phone);
	await field('Address', e.address);
	await field('Body parts or conditions to be assessed', e.bodyParts);
	await u.tabTo(page.getByRole('group', { name: /attended an IME/ }));
	u.think('answer: attended an IME before');
	await u.press('Space', 'No');
	await u.tabTo(page.getByLabel('Claim type'));
	u.think('choose the claim type');
	await u.press('ArrowDown', 'Workers compensation');
	if (o.typed) await o.typed(u);
	await u.tabTo(page.getByRole('button', { name: 'Review the booking' }));
	await u.pressAndWait('Enter', 'details checked', url(/\/review$/));

	u.on('review');
	u.think('read the booking and its terms');
	await u.skipToContent();
	// Inside the free-cancellation period the fee must be accepted (Space on the box).
	const accept = page.getByLabel(/I accept the late-cancellation fee/);
	if (await accept.isVisible()) {
		await u.tabTo(accept);
		await u.press('Space', 'accept the late fee');
	}
	await u.tabTo(page.getByRole('button', { name: 'Confirm booking' }));
	await u.pressAndWait('Enter', 'confirmed', url(/\/bookings\/[0-9a-f-]{36}(\/confirmed|\?created)$/));
	u.on('confirmed');
	return page.url();
}
