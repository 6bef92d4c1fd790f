// Fails when a source file is longer than the project's bar of 400 lines (STYLE.md 3.4).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LIMIT = 400;
const ROOTS = ['src', 'test', 'bench'];

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx)$/.test(entry)) yield path;
  }
}

const tooLong = [];
for (const root of ROOTS) {
  let files;
  try {
    files = [...sourceFiles(root)];
  } catch {
    continue;
  }
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n').length;
    if (lines > LIMIT) tooLong.push(`${file}: ${lines} lines`);
  }
}
if (tooLong.length > 0) {
  console.error(`Files over ${LIMIT} lines; split them by concept:\n  ${tooLong.join('\n  ')}`);
  process.exit(1);
}
