import * as Comlink from 'comlink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobProgress } from '../workers/lab-api';
import { Editor } from './editor/Editor';
import { SolverPanel, type RunStatus } from './panel/SolverPanel';
import { detectPlatform, type PlatformInfo } from './platform';
import { Scene } from './view/Scene';
import type { SurfaceData } from './view/surface-data';
import { labWorker, type LabWorkerClient } from './workers/client';

const STARTER = `import { problem, sin, cos } from "hjb-lab";

// Top-level numeric constants are parameters: the inspector shows them as sliders.
const g = 9.81, l = 1, b = 0.1, sigma = 0.2;

export default problem({
  title: "Pendulum swing-up",
  states: {
    theta: { min: -Math.PI, max: Math.PI, periodic: true, label: "θ" },
    omega: [-8, 8],
  },
  controls: { u: [-2, 2] },
  minimize: ({ theta, omega }, { u }) => (1 - cos(theta)) + 0.1 * omega ** 2 + 0.01 * u ** 2,
  discount: 0.5,
  drift: ({ theta, omega }, { u }) => ({ theta: omega, omega: -(g / l) * sin(theta) - b * omega + u }),
  noise: { omega: sigma },
});
`;

const DEMO = { n: 121, min: -3, max: 3 };

function linspace(n: number, a: number, b: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a + ((b - a) * i) / (n - 1);
  return out;
}

export function App() {
  const client = useRef<LabWorkerClient>(labWorker());
  const [info, setInfo] = useState<PlatformInfo | null>(null);
  const [surface, setSurface] = useState<SurfaceData | null>(null);
  const [status, setStatus] = useState<RunStatus>('idle');
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [log, setLog] = useState<string[]>([]);
  const job = useRef<{ id: string; settled: Promise<unknown> } | null>(null);

  useEffect(() => {
    void detectPlatform().info().then(setInfo);
  }, []);

  const run = useCallback((slow: boolean) => {
    const c = client.current;
    if (!c || job.current) return;
    const id = c.newJobId('demo');
    setStatus('running');
    setLog([]);
    setProgress(null);
    const t0 = performance.now();
    // Progress travels on its own port and may trail the result: drop it once the job ended.
    const onProgress = (p: JobProgress) => {
      if (job.current?.id !== id) return;
      setProgress(p);
      setLog((l) => [...l.slice(-7), p.message]);
    };
    const settled = c.api
      .demoSurface(id, DEMO, Comlink.proxy(onProgress), { chunkDelayMs: slow ? 120 : 0, rowsPerChunk: 6 })
      .then((outcome) => {
        if (outcome.status === 'done') {
          const f = outcome.result;
          setSurface({
            xs: linspace(f.n, f.min, f.max),
            ys: linspace(f.n, f.min, f.max),
            z: f.z,
            labels: { x: 'p', y: 'v', z: 'V' },
          });
          setProgress({
            jobId: id,
            done: f.n,
            total: f.n,
            message: 'done',
            elapsedMs: performance.now() - t0,
          });
          setStatus('done');
          setLog((l) => [
            ...l.slice(-7),
            `surface ${f.n}×${f.n} received in ${(performance.now() - t0).toFixed(0)} ms`,
          ]);
        } else if (outcome.status === 'cancelled') setStatus('cancelled');
        else setStatus(`failed: ${outcome.message}`);
      })
      .catch((err: unknown) => setStatus(`failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        job.current = null;
      });
    job.current = { id, settled };
  }, []);

  const cancel = useCallback(() => {
    const c = client.current;
    const j = job.current;
    if (!c || !j) return;
    void c.cancel(j.id, j.settled).then((how) => {
      if (how === 'terminated') {
        job.current = null;
        setStatus('cancelled');
      }
    });
  }, []);

  const autostarted = useRef(false);
  useEffect(() => {
    if (autostarted.current) return;
    autostarted.current = true;
    run(false);
  }, [run]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">HJB Lab</span>
        <span className="muted">{info ? `v${info.version} · ${info.kind}` : ''}</span>
      </header>
      <section className="left">
        <Editor initialValue={STARTER} />
      </section>
      <main className="viewport" data-testid="viewport">
        <Scene data={surface} />
      </main>
      <SolverPanel status={status} progress={progress} log={log} onRun={() => run(true)} onCancel={cancel} />
    </div>
  );
}
