/** s3rver in a process of its own for bench:documents; prints its endpoint, stops on SIGTERM. */
import { startS3 } from '../src/lib/server/testing/s3';

const s3 = await startS3();
console.log(JSON.stringify({ endpoint: s3.endpoint, bucket: s3.bucket }));
process.on('SIGTERM', () => void s3.close().then(() => process.exit(0)));
