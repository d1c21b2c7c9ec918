// The Node client of `npm run bench:documents` (the other is curl), in a process of its own: one
// GET with a raw http.get, every piece counted and dropped (no web streams, no copies). Prints
// `<status> <bytes> <milliseconds>`.
import http from 'node:http';

const [url, cookie] = process.argv.slice(2);
const started = performance.now();
http
	.get(url, { headers: cookie ? { cookie } : {} }, (res) => {
		let bytes = 0;
		res.on('data', (piece) => (bytes += piece.length));
		res.on('end', () => console.log(`${res.statusCode} ${bytes} ${(performance.now() - started).toFixed(1)}`));
	})
	.on('error', (err) => {
		console.error(err.message);
		process.exit(1);
	});
