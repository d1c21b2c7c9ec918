/**
 * Lays out one SQL statement for the snapshots: a clause per line, a column or condition per line,
 * subqueries indented. It only moves whitespace (the test checks that nothing else changed), so the
 * snapshot is still exactly what Drizzle sends, made readable in a diff.
 */

interface Token {
	text: string;
	/** Whitespace came before it in the statement. */
	space: boolean;
}

const WORD = /[A-Za-z0-9_$]/;
const SINGLE = new Set(['(', ')', '[', ']', ',', ';']);

function tokenize(sql: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	let space = false;
	while (i < sql.length) {
		const c = sql[i]!;
		if (/\s/.test(c)) {
			space = true;
			i++;
			continue;
		}
		let j = i + 1;
		if (c === "'" || c === '"') {
			// A string or a quoted name; a doubled quote is part of it.
			while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
			j++;
		} else if (WORD.test(c)) {
			while (j < sql.length && WORD.test(sql[j]!)) j++;
		} else if (!SINGLE.has(c)) {
			while (j < sql.length && !WORD.test(sql[j]!) && !SINGLE.has(sql[j]!) && !/[\s'"]/.test(sql[j]!)) j++;
		}
		tokens.push({ text: sql.slice(i, j), space });
		space = false;
		i = j;
	}
	return tokens;
}

/** Clauses whose keyword stands on its own line, with what follows indented under it. */
const BLOCK = ['select', 'from', 'where', 'having', 'group by', 'order by', 'returning', 'set', 'values'];
/** Clauses that start a line and keep what follows on it. */
const INLINE = ['insert into', 'update', 'delete from', 'limit', 'offset', 'for update', 'on conflict', 'union', 'union all'];
/** Words that continue a line, so that their second word is not read as a clause. */
const CONTINUE = ['do update', 'do nothing', 'skip locked'];
const JOIN = ['join', 'inner join', 'left join', 'right join', 'full join', 'cross join', 'left outer join'];
/** Clauses whose items go one per line. */
const LISTS = new Set(['select', 'returning', 'set', 'group by', 'order by', 'values']);
/** A parenthesised group longer than this is split over lines. */
const WIDTH = 80;

const lower = (t: Token | undefined) => t?.text.toLowerCase();

/** The longest phrase of `phrases` that starts at `i`, and its length in tokens. */
function phraseAt(tokens: Token[], i: number, phrases: string[]): { phrase: string; length: number } | null {
	let best: { phrase: string; length: number } | null = null;
	for (const phrase of phrases) {
		const words = phrase.split(' ');
		if (words.every((w, k) => lower(tokens[i + k]) === w) && (!best || words.length > best.length)) best = { phrase, length: words.length };
	}
	return best;
}

interface Frame {
	/** 'query': a statement or subquery; 'group': a long parenthesised list split over lines; 'plain': kept on one line. */
	kind: 'query' | 'group' | 'plain';
	/** Indent of the frame's clauses (query) or items (group). */
	indent: number;
	/** Indent of the line the frame opened on, for its closing bracket. */
	outer: number;
	clause?: string;
	split?: 'logic' | 'commas';
}

function matching(tokens: Token[], open: number): number {
	let depth = 0;
	for (let i = open; i < tokens.length; i++) {
		const t = tokens[i]!.text;
		if (t === '(' || t === '[') depth++;
		else if (t === ')' || t === ']') depth--;
		if (depth === 0) return i;
	}
	return tokens.length - 1;
}

/** How a parenthesised group between `open` and `close` should be laid out. */
function groupKind(tokens: Token[], open: number, close: number): Pick<Frame, 'kind' | 'split'> {
	const first = lower(tokens[open + 1]);
	if (first === 'select' || first === 'with') return { kind: 'query' };
	let length = 0;
	let depth = 0;
	let logic = false;
	let commas = false;
	for (let i = open + 1; i < close; i++) {
		const t = tokens[i]!;
		length += t.text.length + (t.space ? 1 : 0);
		if (t.text === '(' || t.text === '[') depth++;
		else if (t.text === ')' || t.text === ']') depth--;
		else if (depth === 0 && (lower(t) === 'and' || lower(t) === 'or')) logic = true;
		else if (depth === 0 && t.text === ',') commas = true;
	}
	if (length <= WIDTH) return { kind: 'plain' };
	if (logic) return { kind: 'group', split: 'logic' };
	if (commas) return { kind: 'group', split: 'commas' };
	return { kind: 'plain' };
}

export function formatSql(sql: string): string {
	const tokens = tokenize(sql);
	const lines: { indent: number; text: string }[] = [{ indent: 0, text: '' }];
	const line = () => lines[lines.length - 1]!;
	const newline = (indent: number) => {
		if (line().text === '') line().indent = indent;
		else lines.push({ indent, text: '' });
	};
	const emit = (t: Token) => {
		line().text += (t.space && line().text !== '' ? ' ' : '') + t.text;
	};
	const frames: Frame[] = [{ kind: 'query', indent: 0, outer: 0 }];
	const frame = () => frames[frames.length - 1]!;

	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i]!;
		const f = frame();
		if (t.text === '(' || t.text === '[') {
			const layout = t.text === '[' ? { kind: 'plain' as const } : groupKind(tokens, i, matching(tokens, i));
			emit(t);
			const outer = line().indent;
			frames.push({ ...layout, indent: layout.kind === 'plain' ? outer : outer + 1, outer });
			if (layout.kind === 'group') newline(outer + 1);
			continue;
		}
		if (t.text === ')' || t.text === ']') {
			const closed = frames.length > 1 ? frames.pop()! : f;
			if (closed.kind !== 'plain') newline(closed.outer);
			emit(t);
			continue;
		}
		if (t.text === ',') {
			emit(t);
			if ((f.kind === 'query' && f.clause && LISTS.has(f.clause)) || (f.kind === 'group' && f.split === 'commas'))
				newline(f.indent + (f.kind === 'query' ? 1 : 0));
			continue;
		}
		if (f.kind === 'group' && f.split === 'logic' && (lower(t) === 'and' || lower(t) === 'or')) {
			newline(f.indent);
			emit(t);
			continue;
		}
		if (f.kind === 'query' && /^[a-z]/i.test(t.text)) {
			const cont = phraseAt(tokens, i, CONTINUE);
			if (cont) {
				for (const w of tokens.slice(i, i + cont.length)) emit(w);
				i += cont.length - 1;
				continue;
			}
			const block = phraseAt(tokens, i, BLOCK);
			const inline = phraseAt(tokens, i, INLINE);
			const join = phraseAt(tokens, i, JOIN);
			const found = block ?? inline ?? join;
			if (found) {
				newline(found === join ? f.indent + 1 : f.indent);
				for (const w of tokens.slice(i, i + found.length)) emit(w);
				if (found === block) {
					f.clause = found.phrase;
					newline(f.indent + 1);
				} else if (found === inline) f.clause = found.phrase;
				i += found.length - 1;
				continue;
			}
			if ((lower(t) === 'and' || lower(t) === 'or') && (f.clause === 'where' || f.clause === 'having')) {
				newline(f.indent + 1);
				emit(t);
				continue;
			}
		}
		emit(t);
	}
	return lines
		.filter((l) => l.text !== '')
		.map((l) => '  '.repeat(l.indent) + l.text)
		.join('\n');
}
