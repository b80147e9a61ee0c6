/**
 * The problem language in the lab: a typo becomes a Monaco marker at its line and a
 * diagnostic in the inspector; fixing it clears both; a parameter slider rewrites the
 * literal in the source as an undoable edit, and the recompiled problem shows the new value.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openLab } from './harness';

afterAll(closeBrowser);

const PENDULUM = readFileSync('resources/examples/pendulum.ts', 'utf8');
/** 1-based line of the first line of the pendulum example containing `text`. */
function lineOf(text: string): number {
  const i = PENDULUM.split('\n').findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`pendulum.ts has no line with ${text}`);
  return i + 1;
}

/** The lines (1-based, as Monaco numbers them) that carry an error or warning squiggle. */
function squiggleLines(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const host = document.querySelector('[data-testid="editor"]');
    if (!host) return [];
    // Overlay rows and line numbers are absolutely positioned rows with the same `top`.
    const lineAtTop = new Map<string, number>();
    for (const row of host.querySelectorAll<HTMLElement>('.margin-view-overlays > div')) {
      const n = row.querySelector('.line-numbers');
      if (n?.textContent) lineAtTop.set(row.style.top, Number(n.textContent));
    }
    return [
      ...host.querySelectorAll<HTMLElement>(
        '.view-overlays .squiggly-error, .view-overlays .squiggly-warning',
      ),
    ]
      .map((s) => lineAtTop.get(s.parentElement?.style.top ?? '') ?? -1)
      .sort((a, b) => a - b);
  });
}

/** Focus Monaco's own text input (an EditContext element in Chromium, else its textarea). */
async function focusEditor(page: Page): Promise<void> {
  await page.getByTestId('editor').locator('.native-edit-context, textarea.inputarea').first().focus();
}

/** The editor's text as rendered (all of the pendulum fits on screen). */
async function editorText(page: Page): Promise<string> {
  const t = await page.getByTestId('editor').locator('.view-lines').innerText();
  return t.replace(/\u00a0/g, ' ');
}

async function lineWith(page: Page, prefix: string): Promise<string | undefined> {
  return (await editorText(page)).split('\n').find((l) => l.trimStart().startsWith(prefix));
}

async function openPendulum() {
  const lab = await openLab();
  const { page } = lab;
  await page.getByTestId('editor').locator('.monaco-editor[role="code"]').waitFor();
  await page.getByTestId('example-select').selectOption('pendulum');
  await page.getByTestId('inspector').locator('.insp-title', { hasText: 'Pendulum swing-up' }).waitFor();
  await page
    .getByTestId('compile-status')
    .filter({ hasText: /^compiled/ })
    .waitFor();
  return lab;
}

describe('language: markers, diagnostics and parameter sliders', () => {
  it('a typo shows a marker at its line and a diagnostic; fixing it clears both', async () => {
    const lab = await openPendulum();
    const { page } = lab;
    const editor = page.getByTestId('editor');
    try {
      const typoLine = lineOf('sin(theta)');
      // The valid example type-checks against the bundled "hjb-lab" typings: no squiggles
      // (an unresolved import would be marked on line 1).
      await page.waitForTimeout(1500);
      expect(await squiggleLines(page)).toEqual([]);

      // sin(theta) → sine(theta) with Monaco's replace widget.
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+h');
      await editor.locator('.find-widget').waitFor();
      await page.keyboard.type('sin(theta)');
      await page.keyboard.press('Tab');
      await page.keyboard.type('sine(theta)');
      await page.keyboard.press('Control+Alt+Enter');
      await page.keyboard.press('Escape');
      await expect.poll(() => editorText(page)).toContain('sine(theta)');

      const diagnostics = page.getByTestId('diagnostics');
      await diagnostics.filter({ hasText: "did you mean 'sin'" }).waitFor();
      expect(await diagnostics.locator('li').count()).toBe(1);
      expect(await diagnostics.innerText()).toContain(`${typoLine}:`);
      await page
        .getByTestId('compile-status')
        .filter({ hasText: /1 error/ })
        .waitFor();
      await expect.poll(() => squiggleLines(page)).toContain(typoLine);
      expect(new Set(await squiggleLines(page))).toEqual(new Set([typoLine]));

      // The hover at the typo (Ctrl+K Ctrl+I with the cursor on it) shows our marker and
      // TypeScript's, which knows `sin` from the bundled typings.
      await page.keyboard.press('Control+f');
      await page.keyboard.type('sine(');
      await page.keyboard.press('Escape');
      await page.keyboard.press('ArrowLeft'); // collapse the found match to its start, inside `sine`
      const hoverText = async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+k');
        await page.keyboard.press('Control+i');
        await page
          .locator('.monaco-hover:not(.hidden) .monaco-hover-content')
          .first()
          .waitFor({ timeout: 5_000 });
        await page.waitForTimeout(300);
        return (await page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').allInnerTexts()).join(
          '\n',
        );
      };
      await expect
        .poll(hoverText)
        .toMatch(/unknown name 'sine' — did you mean 'sin'\?[\s\S]*hjb-lab[\s\S]*Cannot find name 'sine'/);
      await page.keyboard.press('Escape');

      // A diagnostic in the inspector takes the cursor to its line.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Home');
      await diagnostics.locator('button').first().click();
      await expect
        .poll(() =>
          page.evaluate(() => {
            const host = document.querySelector('[data-testid="editor"]');
            const row = host?.querySelector<HTMLElement>(
              '.margin-view-overlays .current-line',
            )?.parentElement;
            return row?.querySelector('.line-numbers')?.textContent ?? null;
          }),
        )
        .toBe(String(typoLine));

      // Undo the replacement: the problem compiles again, markers and diagnostics are gone.
      await focusEditor(page);
      await page.keyboard.press('Control+z');
      await expect.poll(() => editorText(page)).not.toContain('sine(');
      await page
        .getByTestId('compile-status')
        .filter({ hasText: /^compiled/ })
        .waitFor();
      expect(await diagnostics.locator('li').count()).toBe(0);
      await expect.poll(() => squiggleLines(page)).toEqual([]);
      expect(lab.foreignRequests).toEqual([]);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });

  it('a slider rewrites the literal as an undoable edit and the problem recompiles', async () => {
    const lab = await openPendulum();
    const { page } = lab;
    try {
      // Monaco draws the switched document on its own frame, after the compile reply.
      await expect.poll(() => lineWith(page, 'const g')).toBe('const g = 9.81, l = 1, b = 0.1, sigma = 0.2;');
      expect(await page.getByTestId('param-g').inputValue()).toBe('9.81');
      // Ranges inferred from this problem's values (the lab opened on another example that
      // also has a sigma): g ∈ [0, 20] by 0.01, sigma ∈ [0, 0.4].
      const g = page.getByTestId('param-g');
      expect([
        await g.getAttribute('min'),
        await g.getAttribute('max'),
        await g.getAttribute('step'),
      ]).toEqual(['0', '20', '0.01']);
      expect(await page.getByTestId('param-sigma').getAttribute('max')).toBe('0.4');
      // Equations are typeset in a deferred render after the switch's commit (inspector/Tex.tsx).
      await expect.poll(() => page.getByTestId('tex-dynamics').innerText()).toContain('9.81');

      // Arrow keys on the range input: one step of 0.01 each, each one rewriting the literal
      // where it now is (its length changes before the next compile reports it).
      await page.getByTestId('param-g').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => lineWith(page, 'const g')).toBe('const g = 9.8, l = 1, b = 0.1, sigma = 0.2;');
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => lineWith(page, 'const g')).toBe('const g = 9.79, l = 1, b = 0.1, sigma = 0.2;');
      expect(await page.getByTestId('param-value-g').inputValue()).toBe('9.79');

      // The value box, with a negative value (the literal gains its minus, never `--`).
      await page.getByTestId('param-value-b').fill('-0.25');
      await expect
        .poll(() => lineWith(page, 'const g'))
        .toBe('const g = 9.79, l = 1, b = -0.25, sigma = 0.2;');
      await page.getByTestId('param-value-sigma').fill('0.35');
      await expect
        .poll(() => lineWith(page, 'const g'))
        .toBe('const g = 9.79, l = 1, b = -0.25, sigma = 0.35;');

      // The recompiled problem carries the new values.
      await expect.poll(() => page.getByTestId('tex-noise').innerText()).toContain('0.35');
      await expect.poll(() => page.getByTestId('tex-dynamics').innerText()).toContain('9.79');
      expect(await page.getByTestId('diagnostics').locator('li').count()).toBe(0);

      // Ctrl+Z in the editor takes back the edits, one parameter at a time.
      await focusEditor(page);
      await page.keyboard.press('Control+z');
      await expect
        .poll(() => lineWith(page, 'const g'))
        .toBe('const g = 9.79, l = 1, b = -0.25, sigma = 0.2;');
      await page.keyboard.press('Control+z');
      await expect.poll(() => lineWith(page, 'const g')).toBe('const g = 9.79, l = 1, b = 0.1, sigma = 0.2;');
      // Then g: quick successive moves of one slider merge into one undo step (a timing
      // matter, so here each of the six arrow presses may need its own Ctrl+Z at most).
      for (let i = 0; i < 6; i++) {
        const before = await lineWith(page, 'const g');
        if (before?.startsWith('const g = 9.81,')) break;
        await page.keyboard.press('Control+z');
        await expect.poll(() => lineWith(page, 'const g')).not.toBe(before);
      }
      expect(await lineWith(page, 'const g')).toBe('const g = 9.81, l = 1, b = 0.1, sigma = 0.2;');
      await expect.poll(() => page.getByTestId('param-value-g').inputValue()).toBe('9.81');
      await expect.poll(() => page.getByTestId('param-g').inputValue()).toBe('9.81');
      await expect.poll(() => page.getByTestId('tex-noise').innerText()).not.toContain('0.35');
      expect(lab.foreignRequests).toEqual([]);
      expect(lab.pageErrors).toEqual([]);
    } finally {
      await lab.close();
    }
  });
});
