/** The panels' text is readable in every theme: text takes the theme's text colours, never icon or chart colours. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/paths';

// Colours VS Code themes define for text on the editor background (with their contrast checked by the theme).
const TEXT_COLOURS = /^var\(--vscode-(foreground|descriptionForeground|errorForeground|textLink-foreground|editor-foreground|textPreformat-foreground)\)$/;

function colourRules(css: string): { selector: string; colour: string }[] {
  const rules: { selector: string; colour: string }[] = [];
  const bare = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of bare.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const colour = /(?:^|;)\s*color\s*:\s*([^;]+)/.exec(m[2])?.[1].trim();
    if (colour) rules.push({ selector: m[1].trim(), colour });
  }
  return rules;
}

describe('webview CSS: text colours', () => {
  for (const file of ['signInPanel.css']) {
    it(`${file}: every text rule uses a theme text colour (marks drawn with ::before/::after may use others)`, () => {
      const rules = colourRules(readFileSync(join(repoRoot, 'webview', file), 'utf8'));
      assert.ok(rules.length > 0);
      for (const { selector, colour } of rules) {
        if (/::?(before|after)/.test(selector)) continue;
        assert.match(colour, TEXT_COLOURS, `${selector} { color: ${colour} }`);
      }
    });
  }
});
