/** What the .vsix ships, as `vsce ls` lists it: the icon, every image the README shows, the bundles, and nothing else. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/paths';

function vsceList(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: repoRoot, timeout: 60_000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout.split('\n').filter(Boolean)),
    );
  });
}

describe('the packed extension (vsce ls)', function () {
  this.timeout(60_000);
  let files: string[] = [];
  before(async () => {
    files = await vsceList();
  });

  it('ships an icon that is a 128x128 PNG, and fitting categories', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { icon?: string; categories?: string[] };
    assert.ok(manifest.icon && files.includes(manifest.icon), `icon ${manifest.icon} is packed`);
    const png = readFileSync(join(repoRoot, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(manifest.categories && !(manifest.categories.length === 1 && manifest.categories[0] === 'Other'), 'more than the catch-all category');
  });

  it('ships every image the README shows, so the details page has no broken images', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((src) => !/^https?:/.test(src));
    assert.ok(images.length >= 3, 'the README shows screenshots');
    for (const src of images) assert.ok(files.includes(src.replace(/^\.\//, '')), `${src} is in the .vsix`);
  });

  it('ships no sources, tests, tools or environments', () => {
    const stray = files.filter((f) => /^(src|test|webview|scripts|bench|tools|\.venv|node_modules|\.tmp)(\/|$)/.test(f) || f.endsWith('.ts') || f.endsWith('.map'));
    assert.deepEqual(stray, []);
  });
});
