/**
 * Keyboard movement in a grid of cells (the WAI-ARIA grid pattern), as a pure function: the wizard's
 * calendar of free days and its grid of times use it with a roving tabindex.
 *
 * Cells are numbered in reading order, `columns` to a row. Only enabled cells take focus (a day
 * without free times is skipped). Left and Right go to the previous and next enabled cell in reading
 * order, wrapping onto the next or previous row; Up and Down stay in the column, skipping disabled
 * cells; Home and End go to the first and last enabled cell of the row, Ctrl+Home and Ctrl+End of
 * the grid. Where there is nowhere to go, focus stays. PageUp and PageDown are the page's own (the
 * calendar turns the month).
 */

/** The keys `nextGridIndex` answers to. */
export const GRID_KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'] as const;

export interface GridShape {
	/** Number of cells (the last row may be short). */
	count: number;
	/** Cells per row, at least 1. */
	columns: number;
	/** Whether a cell can take focus; every cell when omitted. */
	enabled?: (index: number) => boolean;
}

/**
 * The cell focus moves to from `index` when `key` is pressed (`index` itself when there is nowhere
 * to go), or null when the key is not one a grid answers to (the browser keeps its default).
 */
export function nextGridIndex(key: string, index: number, grid: GridShape, ctrl = false): number | null {
	const { count, columns } = grid;
	const enabled = grid.enabled ?? (() => true);
	/** The first enabled cell from `from` on, by `step`, while `within` holds; else `index`. */
	const scan = (from: number, step: number, within: (i: number) => boolean = () => true) => {
		for (let i = from; i >= 0 && i < count && within(i); i += step) if (enabled(i)) return i;
		return index;
	};
	const rowStart = index - (index % columns);
	const rowEnd = Math.min(count - 1, rowStart + columns - 1);
	switch (key) {
		case 'ArrowRight':
			return scan(index + 1, 1);
		case 'ArrowLeft':
			return scan(index - 1, -1);
		case 'ArrowDown':
			return scan(index + columns, columns);
		case 'ArrowUp':
			return scan(index - columns, -columns);
		case 'Home':
			return ctrl ? scan(0, 1) : scan(rowStart, 1, (i) => i <= rowEnd);
		case 'End':
			return ctrl ? scan(count - 1, -1) : scan(rowEnd, -1, (i) => i >= rowStart);
		default:
			return null;
	}
}

/** Items in rows of `columns` (the last row may be short): the grid's rows for markup. */
export function inRows<T>(items: readonly T[], columns: number): T[][] {
	const rows: T[][] = [];
	for (let i = 0; i < items.length; i += columns) rows.push(items.slice(i, i + columns));
	return rows;
}
