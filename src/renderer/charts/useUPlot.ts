/**
 * One uPlot instance per mounted chart, sized to its container. The instance is created when
 * `key` changes (series layout) and otherwise kept: new data goes through setData, so that a
 * stream of progress messages does not rebuild the chart.
 */
import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { afterFrame } from '../state/next-task';
import { withSoftwareCanvas } from './software-canvas';
import { ensureChartStyles } from './theme';

function plotSize(el: HTMLElement, plot: uPlot | null): { width: number; height: number } {
  // uPlot's height excludes its legend: leave room for it inside the container.
  const legend = plot?.root.querySelector<HTMLElement>('.u-legend');
  const legendHeight = legend ? legend.offsetHeight : 0;
  return { width: Math.max(50, el.clientWidth), height: Math.max(40, el.clientHeight - legendHeight) };
}

export function useUPlot(
  container: RefObject<HTMLDivElement | null>,
  key: string,
  makeOptions: () => Omit<uPlot.Options, 'width' | 'height'>,
  data: uPlot.AlignedData,
): void {
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ makeOptions, data });
  latest.current = { makeOptions, data };

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let dispose: (() => void) | null = null;
    let cancelled = false;
    // Created after the next frame, each chart in a task of its own: uPlot measures its
    // container, and in the commit that mounted the charts that measurement laid out the
    // whole page (the first result's task was 78–85 ms CPU with two charts in it, traced).
    void afterFrame().then(() => {
      if (cancelled) return;
      ensureChartStyles();
      el.classList.add('hjb-chart');
      const { makeOptions: make, data: initial } = latest.current;
      const u = withSoftwareCanvas(() => new uPlot({ ...make(), ...plotSize(el, null) }, initial, el));
      plot.current = u;
      // The legend exists now: fit the plot again so that plot and legend fill the container.
      u.setSize(plotSize(el, u));
      const observer = new ResizeObserver(() => {
        const size = plotSize(el, u);
        if (size.width !== u.width || size.height !== u.height) u.setSize(size);
      });
      observer.observe(el);
      dispose = () => {
        observer.disconnect();
        u.destroy();
      };
    });
    return () => {
      cancelled = true;
      dispose?.();
      plot.current = null;
    };
  }, [container, key]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);
}
