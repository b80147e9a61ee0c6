/**
 * Every shader program the view uses, compiled once without blocking and then kept.
 *
 * three.js compiles a material's program at its first draw and waits for the link result
 * on the UI thread (getProgramParameter): 0.4–0.5 s per program with software GL, measured
 * in the first pendulum solve (bench ui). It also deletes a program when the last material
 * using it is disposed, and every layer rebuild (contours after each result, axis labels
 * when the value range moves, paths) disposes its materials before the new ones first draw,
 * so the same programs were compiled again and again. Here one object of each kind, built
 * by the layers' own builders on tiny data, is compiled when the canvas starts (with
 * parallel shader compile where the GPU offers it) and never disposed, so its programs stay
 * in three's cache for the page's lifetime.
 *
 * Without parallel compile (SwiftShader has none), the first query of a program's link
 * status waits until the GPU process has compiled every program queued before it: two
 * tasks of 0.9–1 s in a trace of the page's load (machine load ~6). So the scene draws
 * nothing but its background until each kind of object has been compiled, a fence placed
 * after it has signalled (polling a fence's status never waits for the GPU), and its new
 * programs' links have been awaited, each in a task of its own: one kind at a time, so
 * that a wait is for one or two programs' links, not for all of them.
 *
 * Any synchronous call (a link status, an extension, a limit) also waits for whatever the
 * GPU process's main thread is doing, and under software GL in a headless browser that is
 * mostly the page's own frames: each is read back whole (20–750 ms per frame, 29 frames
 * and 3.5 s of that thread in a 5 s load, traced at 1280×800). Fewer synchronous calls
 * are fewer such waits: with all programs compiled first and then awaited one per task,
 * the first wait was 0.36 s and several others 0.1–0.19 s.
 */
import * as THREE from 'three';
import { buildAxes } from './Axes';
import { buildContours } from './layers/contours';
import { buildFloorPaths } from './layers/floor-paths';
import { buildIsosurface } from './layers/isosurface';
import { buildTrajectories, type TrajectorySet } from './layers/trajectories';
import { buildVectorField } from './layers/vector-field';
import { nextTask } from '../state/next-task';
import { gpuIdle } from './gpu-fence';
import type { SurfaceData } from './surface-data';
import { buildSurfaceGeometry, COMPARE_MATERIAL, SURFACE_MATERIAL } from './SurfaceMesh';

const axis3 = Float64Array.of(0, 0.5, 1);

/** A 3×3 bowl: contours, paths and arrows all have something to draw on it. */
const BOWL: SurfaceData = {
  xs: axis3,
  ys: axis3,
  z: Float64Array.from({ length: 9 }, (_, k) => (Math.floor(k / 3) - 1) ** 2 + ((k % 3) - 1) ** 2),
  labels: { x: 'x', y: 'y', z: 'V' },
};

const PATHS: TrajectorySet = {
  d: 2,
  paths: 2,
  steps: 3,
  times: Float64Array.of(0, 0.5, 1),
  states: Float64Array.of(0, 0, 0.5, 0.5, 1, 1, 1, 0, 0.5, 0.5, 0, 1),
  reward: new Float64Array(6),
};

const PATHS_1D: TrajectorySet = {
  d: 1,
  paths: 2,
  steps: 3,
  times: Float64Array.of(0, 0.5, 1),
  states: Float64Array.of(0, 0.5, 1, 1, 0.5, 0),
};

function buildSamples(): THREE.Group {
  const group = new THREE.Group();
  group.add(new THREE.Mesh(buildSurfaceGeometry(BOWL, 'viridis'), SURFACE_MATERIAL));
  group.add(new THREE.Mesh(buildSurfaceGeometry(BOWL, 'viridis'), COMPARE_MATERIAL));
  group.add(buildContours(BOWL, { levels: 3, placement: 'surface', color: '#f5f5f5', opacity: 0.55 }).object);
  group.add(buildContours(BOWL, { levels: 3, placement: 'floor', color: 'colormap', opacity: 0.8 }).object);
  group.add(buildTrajectories(PATHS, BOWL, { maxPaths: 40 }).object);
  group.add(buildFloorPaths(PATHS_1D, BOWL, null).object);
  group.add(
    buildVectorField({ xs: axis3, ys: axis3, fx: new Float64Array(9).fill(1), fy: new Float64Array(9) })
      .object,
  );
  const cube = Float64Array.from({ length: 27 }, (_, k) =>
    Math.hypot((k % 3) - 1, (Math.floor(k / 3) % 3) - 1, Math.floor(k / 9) - 1),
  );
  group.add(buildIsosurface({ axes: [axis3, axis3, axis3], values: cube }, [0.5], { opacity: 0.8 }).object);
  group.add(
    buildAxes({
      x: { label: 'x', min: 0, max: 1 },
      y: { label: 'y', min: 0, max: 1 },
      z: { label: 'V', min: 0, max: 1 },
    }).group,
  );
  return group;
}

let samples: THREE.Group | null = null;

const ready = new WeakMap<THREE.WebGLRenderer, Promise<void>>();

/**
 * Compile the view's programs for this renderer and scene (once per renderer); resolves
 * when they are linked, or, without parallel compile, when the GPU has run every command
 * issued so far. Compiling starts in a task after the renderer's creation.
 */
export function warmUpPrograms(
  gl: THREE.WebGLRenderer,
  scene: THREE.Scene,
  camera: THREE.Camera,
): Promise<void> {
  let done = ready.get(gl);
  if (!done) {
    done = (async () => {
      samples ??= buildSamples();
      const parallel = gl.extensions.has('KHR_parallel_shader_compile');
      // Programs whose link has been awaited.
      const linked = new Set<object>();
      // One kind of object per task: three's preparation of a program's source (includes,
      // defines, light counts) is JavaScript work, 0.3 s for all of them in one task under
      // software GL and a profiler (load ~6). Without parallel compile compileAsync only
      // adds a console warning: compile() starts compiling and linking just the same.
      for (const object of samples.children) {
        await nextTask();
        if (parallel) {
          await gl.compileAsync(object, camera, scene);
          continue;
        }
        gl.compile(object, camera, scene);
        await gpuIdle(gl.getContext());
        // The GPU process may still be linking after the fence (the first pendulum draw
        // waited 0.17 s in getProgramParameter, traced at load ~6): reading a program's
        // uniforms waits for its link, here rather than in a draw.
        for (const program of gl.info.programs ?? []) {
          if (linked.has(program)) continue;
          linked.add(program);
          await nextTask();
          program.getUniforms();
        }
      }
      await drawOnce(gl, scene, camera, samples);
    })();
    ready.set(gl, done);
  }
  return done;
}

/**
 * Draw each sample object once, one per task, into a single pixel of the canvas. A
 * program's first draw also uploads what compiling leaves out: the label textures (whose
 * first upload enables the anisotropic-filtering extension, a synchronous call), the
 * lookup table of the standard material, the uniforms. In the first pendulum snapshot's
 * draw these took 0.2–0.4 s of one task (traced at load ~8). The samples are drawn in the
 * view's own scene, so that the programs are the ones its lights select.
 */
async function drawOnce(
  gl: THREE.WebGLRenderer,
  scene: THREE.Scene,
  camera: THREE.Camera,
  samples: THREE.Group,
): Promise<void> {
  scene.add(samples);
  // Drawn wherever the camera looks: a culled sample would warm nothing.
  samples.traverse((o) => (o.frustumCulled = false));
  try {
    for (const object of samples.children) {
      await nextTask();
      for (const other of samples.children) other.visible = other === object;
      gl.setScissorTest(true);
      gl.setScissor(0, 0, 1, 1);
      gl.render(scene, camera);
    }
  } finally {
    gl.setScissorTest(false);
    for (const object of samples.children) object.visible = true;
    scene.remove(samples);
  }
}
