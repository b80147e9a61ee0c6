/**
 * One uPlot instance per mounted chart, sized to its container. The instance is created when
 * `key` changes (series layout) and otherwise kept: new data goes through setData, so that a
 * stream of progress messages does not rebuild the chart.
 */
import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
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
    return () => {
      observer.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [container, key]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);
}
