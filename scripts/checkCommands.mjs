#!/usr/bin/env node
// Every command declared in package.json must be registered in src/, and every registered command declared;
// menus and welcome-view links may only name declared commands. Exit 1 with the list of mismatches.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const PREFIX = `${pkg.name === 'cognito-explorer' ? 'cognitoExplorer' : pkg.name}.`;

function* tsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    else if (/\.tsx?$/.test(name)) yield path;
  }
}

// vscode.commands.registerCommand('id', ...) and the extension's wrapper, commands.register('id', ...).
const REGISTER = /\b(?:registerCommand|registerTextEditorCommand|\.register)\(\s*(['"`])([^'"`]+)\1/g;
const registered = new Map();
for (const file of tsFiles(join(root, 'src'))) {
  for (const match of readFileSync(file, 'utf8').matchAll(REGISTER)) {
    if (match[2].startsWith(PREFIX)) registered.set(match[2], relative(root, file));
  }
}

const contributes = pkg.contributes ?? {};
const declared = new Set((contributes.commands ?? []).map((c) => c.command));
const problems = [];

for (const id of declared) if (!registered.has(id)) problems.push(`declared in package.json but never registered: ${id}`);
for (const [id, file] of registered) if (!declared.has(id)) problems.push(`registered in ${file} but not declared in package.json: ${id}`);

for (const [menu, entries] of Object.entries(contributes.menus ?? {})) {
  for (const entry of entries) {
    if (entry.command && !declared.has(entry.command)) problems.push(`menu ${menu} names an undeclared command: ${entry.command}`);
  }
}
for (const welcome of contributes.viewsWelcome ?? []) {
  for (const match of welcome.contents.matchAll(/\(command:([\w.]+)/g)) {
    if (!declared.has(match[1])) problems.push(`viewsWelcome of ${welcome.view} links an undeclared command: ${match[1]}`);
  }
}
for (const command of contributes.commands ?? []) {
  if (!command.command.startsWith(PREFIX)) problems.push(`command id outside the ${PREFIX}* namespace: ${command.command}`);
  if (!/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(command.command)) problems.push(`command id is not namespace.verbNoun: ${command.command}`);
}

if (problems.length) {
  console.error(`checkCommands: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`checkCommands: ${declared.size} commands declared and registered`);
