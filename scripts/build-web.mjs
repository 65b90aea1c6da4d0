// Builds the web app into web/dist when it is missing or older than its sources (or with --force),
// so `npm start` never serves a stale UI and never waits for a needless rebuild.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const webDir = join(root, 'web');
const distIndex = join(webDir, 'dist', 'index.html');
const SKIP = new Set(['dist', 'node_modules']);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) && dir === webDir) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function reasonToBuild() {
  if (process.argv.includes('--force')) return 'forced';
  if (!existsSync(distIndex)) return 'no previous build';
  return newestMtime(webDir) > statSync(distIndex).mtimeMs ? 'sources changed' : null;
}

const reason = reasonToBuild();
if (reason === null) {
  console.log('web: skipped build (web/dist is up to date)');
} else {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`web: built web/dist in ${((Date.now() - started) / 1000).toFixed(1)}s (${reason})`);
}
