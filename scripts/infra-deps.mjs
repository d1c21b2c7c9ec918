// Installs infra/'s own dependencies (the AWS CDK app) when they are missing or its lockfile changed,
// so `npm test` and `npm run infra:synth` work on a fresh clone without slowing every later run.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../infra/', import.meta.url).pathname;
const lock = readFileSync(`${root}package-lock.json`);
const hash = createHash('sha256').update(lock).digest('hex');
const stamp = `${root}node_modules/.installed-lock-sha256`;
if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) process.exit(0);
console.log('infra: installing its dependencies (npm ci in infra/)');
execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
writeFileSync(stamp, hash + '\n');
