// Lists the npm packages a compiled entry point loads at run time, one package directory per line.
// Usage: node images/runtime-packages.mjs <project root> <compiled dist dir> <entry.js>...
// Walks the import graph of the entry points (static `import`/`export ... from`, literal `import('...')`
// such as the CLI's lazily loaded commands, `require('...')` and `createRequire(import.meta.url)('...')`),
// takes the bare specifiers, then the dependency closure through each package's package.json. This keeps
// an image to what its entry points actually run, not every production dep. The specifiers come from
// TypeScript's scanner, so text in strings and template literals that merely reads like an import is not one.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const [root, distDir, ...entries] = process.argv.slice(2);
if (!root || !distDir || entries.length === 0) {
  console.error('usage: runtime-packages.mjs <project root> <dist dir> <entry.js>...');
  process.exit(2);
}

const ts = createRequire(join(resolve(root), 'package.json'))('typescript');
// preProcessFile does not see a require function made by createRequire and called at once.
const CREATE_REQUIRE = /\bcreateRequire\(import\.meta\.url\)\(\s*(['"])([^'"]+)\1\s*\)/g;
const builtins = new Set(builtinModules);
const seenFiles = new Set();
const packages = new Set();

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function resolveFile(from, specifier) {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.js`, join(base, 'index.js')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${from}: cannot resolve "${specifier}"`);
}

const queue = entries.map((entry) => resolve(distDir, entry));
while (queue.length > 0) {
  const file = queue.pop();
  if (seenFiles.has(file)) continue;
  seenFiles.add(file);
  const source = readFileSync(file, 'utf8');
  const specifiers = [
    ...ts.preProcessFile(source, true, true).importedFiles.map((imported) => imported.fileName),
    ...[...source.matchAll(CREATE_REQUIRE)].map((match) => match[2]),
  ];
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) queue.push(resolveFile(file, specifier));
    else if (!specifier.startsWith('node:') && !builtins.has(packageName(specifier))) packages.add(packageName(specifier));
  }
}

// Node's lookup: the requiring package's own node_modules first, then each parent's, up to the root.
function locate(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dir === dirname(dir)) return undefined;
  }
}

const dirs = new Set();
const pending = [...packages].map((name) => ({ name, from: root, optional: false }));
while (pending.length > 0) {
  const { name, from, optional } = pending.pop();
  // Declarations only (testcontainers lists @types/dockerode as a dependency): nothing to load.
  if (name.startsWith('@types/')) continue;
  const dir = locate(name, from);
  if (!dir) {
    if (optional) continue;
    throw new Error(`package "${name}" (needed from ${from}) is not installed; run npm ci first`);
  }
  if (dirs.has(dir)) continue;
  dirs.add(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys(manifest.dependencies ?? {})) pending.push({ name: dep, from: dir, optional: false });
  for (const dep of Object.keys(manifest.optionalDependencies ?? {})) pending.push({ name: dep, from: dir, optional: true });
  for (const dep of Object.keys(manifest.peerDependencies ?? {})) pending.push({ name: dep, from: dir, optional: true });
}
for (const dir of [...dirs].sort()) console.log(dir.slice(root.length + 1));
