/** Join class names, skipping empty ones. */
export function cn(...parts: (string | false | null | undefined)[]): string {
	return parts.filter(Boolean).join(' ');
}

/** Weeks of a month (YYYY-MM), Monday first, as YYYY-MM-DD dates; null pads the edges. */
export function monthWeeks(month: string): (string | null)[][] {
	const [year, mon] = month.split('-').map(Number) as [number, number];
	const lead = (new Date(Date.UTC(year, mon - 1, 1)).getUTCDay() + 6) % 7;
	const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
	const cells: (string | null)[] = Array.from({ length: lead }, () => null);
	for (let d = 1; d <= days; d++) cells.push(`${month}-${String(d).padStart(2, '0')}`);
	while (cells.length % 7) cells.push(null);
	return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}
