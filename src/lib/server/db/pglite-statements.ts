/**
 * Named prepared statements on PGlite (issue #18, goal 2). PGlite's `query` parses, analyses and
 * plans every statement afresh, in six separate calls into its WebAssembly, as an unnamed statement.
 * PostgreSQL proper gets named statements from the postgres driver (parsed and described once per
 * connection); this does the same for PGlite: the first time a statement's text is seen it is parsed
 * and described once (Parse, Describe, Sync), and every run after that is a single call (Bind,
 * Execute, Sync) with the values serialised for the parameter types the server described.
 *
 * Only statements with parameters go this way (the application's queries; migrations and one-off
 * statements keep PGlite's own path). The cache holds statement texts and type descriptions, never
 * values; it is bounded, and a statement pushed out is closed on the server. A statement the server
 * no longer has, or whose plan it refuses (after DDL), is dropped and prepared again on next use.
 *
 * Locking mirrors PGlite's own `query`: outside a transaction a statement waits for any transaction
 * and then for the query lock; inside one it takes the query lock only. PGlite's `transaction`
 * gives its callback a handle whose `query` goes the same way.
 */
import { protocol, parse, types, type PGlite, type Results, type QueryOptions, type Transaction } from '@electric-sql/pglite';
import { readExecuteAnswer, type Column } from './pglite-rows';

type Message = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];
type RowDescription = InstanceType<typeof protocol.messages.RowDescriptionMessage>;

interface Statement {
	name: string;
	/** The parameters' type OIDs as the server described them. */
	paramTypes: number[];
	/** The statement's RowDescription, or none (a statement that returns no rows). */
	rowDescription: Message | undefined;
	/** Its columns, as PGlite reports a result's fields. */
	fields: { name: string; dataTypeID: number }[];
}

/** SQLSTATEs meaning the prepared statement is gone or stale: prepare it again. */
const STALE = new Set(['26000', '0A000']);

export const STATEMENT_CACHE_SIZE = 256;

/** What the statements path counts, for tests and benchmarks. */
export interface StatementStats {
	prepared: number;
	executed: number;
	closed: number;
}

type Query = <T>(text: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

/**
 * The same client, its `query` (and its transactions' `query`) running statements with parameters
 * as named prepared statements. Returns the client and its counters.
 */
export function withNamedStatements<C extends PGlite>(client: C, size = STATEMENT_CACHE_SIZE): { client: C; stats: StatementStats } {
	const stats: StatementStats = { prepared: 0, executed: 0, closed: 0 };
	const statements = new Map<string, Statement>();
	let counter = 0;
	const { serialize } = protocol;
	const run = (message: Uint8Array) => client.execProtocolStream(message, { syncToFs: false });

	/**
	 * The parsers for one query's values: its own (Drizzle sends nine, for dates and intervals) in
	 * front of the client's. PGlite's parseResults would merge them by spreading both into a new object
	 * each query; the client's have some 320 sparse type OIDs as keys, and that copy alone cost about
	 * 80 µs a query, more than running the statement. Here the query's parsers sit on an object whose
	 * prototype is the client's: the same lookup, without the copy.
	 */
	type Parsers = PGlite['parsers'];
	function parsing(options: QueryOptions | undefined): [Parsers, QueryOptions | undefined] {
		if (!options?.parsers) return [client.parsers, options];
		return [Object.assign(Object.create(client.parsers) as Parsers, options.parsers), { ...options, parsers: undefined }];
	}

	async function prepare(text: string, options: QueryOptions | undefined): Promise<Statement> {
		const name = `pgl_${++counter}`;
		const messages = await run(
			Buffer.concat([
				serialize.parse({ name, text, types: options?.paramTypes }),
				serialize.describe({ type: 'S', name }),
				serialize.sync()
			])
		);
		const rowDescription = messages.find((m) => m.name === 'rowDescription') as RowDescription | undefined;
		const statement: Statement = {
			name,
			paramTypes: parse.parseDescribeStatementResults(messages),
			rowDescription,
			fields: rowDescription ? rowDescription.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) : []
		};
		stats.prepared++;
		if (statements.size >= size) {
			// The least recently used (a Map keeps insertion order; a hit re-inserts).
			const [oldestText, oldest] = statements.entries().next().value as [string, Statement];
			statements.delete(oldestText);
			await run(Buffer.concat([serialize.close({ type: 'S', name: oldest.name }), serialize.sync()]));
			stats.closed++;
		}
		statements.set(text, statement);
		return statement;
	}

	/** Runs under PGlite's query lock. */
	async function execute<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
		let statement = statements.get(text);
		if (statement) {
			statements.delete(text);
			statements.set(text, statement);
		} else {
			statement = await prepare(text, options);
		}
		const values = params.map((value, i) => {
			if (value === null || value === undefined) return null;
			const type = statement.paramTypes[i];
			const serializer = type === undefined ? undefined : (options?.serializers?.[type] ?? client.serializers[type]);
			return serializer ? serializer(value) : String(value);
		});
		const request = Buffer.concat([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]);
		const chunks: Buffer[] = [];
		// The bytes are PGlite's memory only during the call: copied as they come.
		await client.execProtocolRawStream(request, { syncToFs: false, onRawData: (chunk) => chunks.push(Buffer.from(chunk)) });
		const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
		const read = readExecuteAnswer(data, columnsOf(statement, options), options?.rowMode ?? 'object', {
			noticesWanted: options?.onNotice !== undefined
		});
		if (read) {
			stats.executed++;
			const { rows, ...rest } = read;
			return { rows: rows as T[], fields: statement.fields, ...rest } as Results<T>;
		}
		// Anything else (an error above all) is read by PGlite's own parser, as PGlite would.
		const messages: Message[] = [];
		new protocol.Parser().parse(data, (message) => messages.push(message as Message));
		const error = messages.find((m) => m.name === 'error') as (Error & { code?: string }) | undefined;
		if (error) {
			if (STALE.has(error.code ?? '')) statements.delete(text);
			throw error;
		}
		for (const m of messages) if (m.name === 'notice') options?.onNotice?.(m as Parameters<NonNullable<QueryOptions['onNotice']>>[0]);
		stats.executed++;
		const described = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
		return parse.parseResults(described, ...parsing(options))[0] as Results<T>;
	}

	/** Each result column with the parser its values go through: the query's own, else the client's, else PGlite's default. */
	function columnsOf(statement: Statement, options: QueryOptions | undefined): Column[] {
		return statement.fields.map(({ name, dataTypeID }) => ({
			name,
			dataTypeID,
			parse: options?.parsers?.[dataTypeID] ?? client.parsers[dataTypeID] ?? types.parsers[dataTypeID]
		}));
	}

	const usesStatement = (params: unknown[] | undefined, options: QueryOptions | undefined) =>
		params !== undefined && params.length > 0 && !options?.blob;

	const original = client.query.bind(client) as Query;
	const query: Query = async <T>(text: string, params?: unknown[], options?: QueryOptions) => {
		if (!usesStatement(params, options)) return original<T>(text, params, options);
		await client._checkReady();
		return client._runExclusiveTransaction(async () => {
			const result = await client._runExclusiveQuery(() => execute<T>(text, params!, options));
			await client.syncToFs();
			return result;
		});
	};

	const originalTransaction = client.transaction.bind(client);
	const transaction = <T>(callback: (tx: Transaction) => Promise<T>) =>
		originalTransaction((tx) => {
			const txQuery: Query = async <R>(text: string, params?: unknown[], options?: QueryOptions) => {
				if (!usesStatement(params, options)) return tx.query<R>(text, params, options);
				if (tx.closed) throw new Error('Transaction is closed');
				return client._runExclusiveQuery(() => execute<R>(text, params!, options));
			};
			return callback(Object.create(tx, { query: { value: txQuery } }) as Transaction);
		});

	Object.assign(client, { query, transaction });
	return { client, stats };
}
