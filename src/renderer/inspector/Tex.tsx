/**
 * Display-mode KaTeX. KaTeX (about 0.46 MB of the first script) is loaded on first use, so
 * its evaluation is a task of its own after the first paint instead of part of the page's
 * first script (docs/architecture.md §7). Until it has arrived, the TeX source shows as text.
 */
import { startTransition, useDeferredValue, useEffect, useMemo, useState } from 'react';
import 'katex/dist/katex.min.css';

type Katex = typeof import('katex').default;

let katexLoad: Promise<Katex> | null = null;
let katexReady: Katex | null = null;

function loadKatex(): Promise<Katex> {
  katexLoad ??= import('katex').then((m) => (katexReady = m.default));
  return katexLoad;
}

/** Errors in the LaTeX show as red source rather than throwing. */
export function Tex({ tex, testId }: { tex: string; testId?: string }) {
  const [katex, setKatex] = useState<Katex | null>(katexReady);
  useEffect(() => {
    if (katex) return;
    let live = true;
    void loadKatex().then((k) => {
      // A transition: React typesets the equations one by one and yields between them. As
      // an ordinary update, every equation of the inspector was typeset in one task when
      // KaTeX arrived (63 ms CPU in a trace of the page's load at 1280×800, load ~20).
      if (live) startTransition(() => setKatex(() => k));
    });
    return () => {
      live = false;
    };
  }, [katex]);
  // Typeset in a deferred render, which React time-slices: a new problem's equations are
  // typeset one by one, each in a slice of its own, after the commit that shows the problem.
  // Typeset in that commit, the pendulum's eight equations were 25–35 ms CPU of one task of
  // the example switch (traced at 1920×1080). Until then the previous picture, or on mount
  // the source, shows.
  const shown = useDeferredValue<string | null>(tex, null);
  const html = useMemo(
    () =>
      katex && shown !== null
        ? katex.renderToString(shown, { throwOnError: false, displayMode: true })
        : null,
    [katex, shown],
  );
  if (html === null)
    return (
      <div className="insp-tex insp-tex-source" data-testid={testId}>
        {tex}
      </div>
    );
  return <div className="insp-tex" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
