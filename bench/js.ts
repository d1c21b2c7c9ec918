/**
 * `npm run build && npm run bench:js`: the JavaScript each page makes the browser load, gzip, every
 * chunk — read from the production build's own manifest (the same lists SvelteKit turns into
 * `<link rel="modulepreload">`), not guessed from file names.
 *
 *  - per page route: the client entry (start + app and their imports) plus every layout node and the
 *    leaf node with their imports, each file counted once; gzip at level 6 (what a server sends);
 *  - the booking wizard as one journey (every step's files, once): a referrer loads all of them;
 *  - beside each, the reference app's figure where it has one, the ratio, and MET when ours is not
 *    larger;
 *  - a scan of every page's files for libraries a page should not carry: zod (its error class name
 *    survives minification) and server-only code (node: imports, postgres, drizzle). Pages that
 *    carry one are listed; the goal is none.
 *
 * BENCH_BUILD_DIR (default .svelte-kit/output, what `vite build` leaves) points at another build.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const outDir = resolve(process.env.BENCH_BUILD_DIR ?? '.svelte-kit/output');
const clientDir = join(outDir, 'client');

/**
 * The build's route table and each node's client imports, read as text: importing the server
 * manifest would load every page's server code.
 */
function readBuild() {
	const manifest = readFileSync(join(outDir, 'server', 'manifest.js'), 'utf8');
	const client = /client:\s*\{start:"([^"]+)",app:"([^"]+)",imports:\[([^\]]*)\]/.exec(manifest);
	if (!client) throw new Error(`No client entry in ${outDir}/server/manifest.js: run \`npm run build\` first.`);
	const list = (text: string) => [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
	const entry = [client[1]!, client[2]!, ...list(client[3]!)];
	const routes = [
		...manifest.matchAll(/id:\s*"([^"]+)",[\s\S]*?page:\s*(null|\{ layouts: \[([^\]]*)\], errors: \[[^\]]*\], leaf: (\d+) \})/g)
	]
		.filter((m) => m[2] !== 'null')
		.map((m) => ({
			id: m[1]!,
			nodes: [
				...m[3]!
					.split(',')
					.map((x) => x.trim())
					.filter(Boolean)
					.map(Number),
				Number(m[4])
			]
		}));
	const nodeImports = (n: number) => {
		const text = readFileSync(join(outDir, 'server', 'nodes', `${n}.js`), 'utf8');
		const m = /export const imports = \[([^\]]*)\]/.exec(text);
		return m ? list(m[1]!) : [];
	};
	return { entry, routes, nodeImports };
}

/** The reference app's figures (gzip bytes, every chunk), from the issue. */
const REFERENCE: Record<string, number> = {
	'booking wizard (all steps)': 479_610,
	'/(app)/bookings': 323_000,
	'/(app)/bookings/[id=uuid]': 283_000,
	'/(auth)/sign-in': 204_000
};

/** What no page should carry unless it needs it, and how each shows in a minified chunk. */
const UNWANTED: { name: string; test: RegExp }[] = [
	{ name: 'zod', test: /\bZodError\b/ },
	{ name: 'server-only (node: builtins)', test: /\bfrom\s*["']node:/ },
	{ name: 'postgres driver', test: /\bpostgres\.js\b|\bPostgresError\b/ },
	{ name: 'drizzle', test: /\bdrizzle-orm\b|\bDrizzleError\b/ }
];

const sizeCache = new Map<string, { gzip: number; text: string }>();
function file(path: string) {
	let f = sizeCache.get(path);
	if (!f) {
		const buf = readFileSync(join(clientDir, path));
		f = { gzip: gzipSync(buf, { level: 6 }).length, text: buf.toString('utf8') };
		sizeCache.set(path, f);
	}
	return f;
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;

async function main() {
	const { entry, routes, nodeImports } = readBuild();
	const pages = routes
		.map((r) => ({ id: r.id, files: new Set([...entry, ...r.nodes.flatMap((n) => nodeImports(n))]) }))
		.sort((a, b) => a.id.localeCompare(b.id));

	const total = (files: Set<string>) => [...files].reduce((sum, f) => sum + file(f).gzip, 0);
	const wizardFiles = new Set(pages.filter((p) => p.id.startsWith('/(app)/bookings/new')).flatMap((p) => [...p.files]));
	const rows = [...pages.map((p) => ({ id: p.id, files: p.files })), { id: 'booking wizard (all steps)', files: wizardFiles }];

	console.log(`JavaScript per page, gzip level 6, from ${outDir}\n`);
	console.log(`${'page'.padEnd(58)} ${'files'.padStart(5)} ${'gzip'.padStart(10)}   reference`);
	let met = 0;
	let compared = 0;
	for (const r of rows) {
		const bytes = total(r.files);
		const ref = REFERENCE[r.id];
		let verdict = '';
		if (ref) {
			compared++;
			const ok = bytes <= ref;
			if (ok) met++;
			verdict = `${kb(ref).padStart(10)}  ×${(bytes / ref).toFixed(2)}  goal ≤ reference: ${ok ? 'MET' : 'NOT MET'}`;
		}
		console.log(`${r.id.padEnd(58)} ${String(r.files.size).padStart(5)} ${kb(bytes).padStart(10)} ${verdict}`);
	}

	console.log('\nLibraries a page should not carry:');
	let offenders = 0;
	for (const u of UNWANTED) {
		const carrying = pages.filter((p) => [...p.files].some((f) => u.test.test(file(f).text))).map((p) => p.id);
		offenders += carrying.length;
		console.log(`  ${u.name}: ${carrying.length ? carrying.join(', ') : 'none'}`);
	}
	console.log(
		`\nGoal: every page with a reference figure at or under it (${met}/${compared}) and no page carrying zod or server code (${offenders} found): ${
			met === compared && offenders === 0 ? 'MET' : 'NOT MET'
		}`
	);
}

main().catch((e) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
