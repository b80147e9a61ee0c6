/**
 * Text labels as sprites drawn on a 2D canvas with the system UI font: no font file is
 * fetched (3D text libraries load fonts from the network by default).
 * Textures are cached by text and colour: the axes are rebuilt for every live snapshot of
 * a solve (their value range changes), and drawing and uploading text each time would
 * block the UI thread. So is each text's material: three.js prepares every new material
 * for drawing (its program's parameters and cache key, its uniforms) in the first frame
 * that draws it, and a material per sprite made every snapshot's frame do that for all
 * fifteen labels of the axes.
 */
import * as THREE from 'three';

interface CachedText {
  texture: THREE.DataTexture;
  /** Shared by every sprite of this text and colour. */
  material: THREE.SpriteMaterial;
  aspect: number;
}

const CACHE_LIMIT = 512;
const cache = new Map<string, CachedText>();

const PX = 48;
const FONT = `500 ${PX}px system-ui, "DejaVu Sans", sans-serif`;
const HEIGHT = PX + 16;

/**
 * One scratch canvas draws every label; each label's pixels are read back into a texture of
 * its own. A canvas per label cost its backing store's creation (CreateSkSurface, about
 * 5 ms each, 70 ms for the axes of the first pendulum snapshot, traced at load ~8). A CPU
 * canvas: it is only read back, and a GPU one would wait for the GPU (see
 * charts/software-canvas.ts).
 */
let scratch: OffscreenCanvasRenderingContext2D | null = null;

/** An OffscreenCanvas: the labels are drawn in the 3-D view's worker, which has no document. */
function scratchContext(width: number): OffscreenCanvasRenderingContext2D {
  if (!scratch || scratch.canvas.width < width) {
    const canvas = new OffscreenCanvas(Math.max(512, 2 ** Math.ceil(Math.log2(width))), HEIGHT);
    scratch = canvas.getContext('2d', { willReadFrequently: true });
    if (!scratch) throw new Error('2D canvas unavailable');
  }
  return scratch;
}

/** The label's pixels, rows flipped to WebGL's bottom-up order. */
function drawText(text: string, color: string): { pixels: Uint8Array; width: number } {
  const measure = scratchContext(1);
  measure.font = FONT;
  const width = Math.ceil(measure.measureText(text).width) + 16;
  const ctx = scratchContext(width);
  ctx.clearRect(0, 0, width, HEIGHT);
  ctx.font = FONT;
  ctx.fillStyle = color;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.fillText(text, width / 2, HEIGHT / 2);
  const rgba = ctx.getImageData(0, 0, width, HEIGHT).data;
  const pixels = new Uint8Array(rgba.length);
  const row = 4 * width;
  for (let y = 0; y < HEIGHT; y++) pixels.set(rgba.subarray(y * row, (y + 1) * row), (HEIGHT - 1 - y) * row);
  return { pixels, width };
}

function textTexture(text: string, color: string): CachedText {
  const key = `${color}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place in the insertion order (least recently used is evicted first).
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const { pixels, width } = drawText(text, color);
  const texture = new THREE.DataTexture(pixels, width, HEIGHT, THREE.RGBAFormat);
  // What a canvas texture has by default: smooth, mipmapped text.
  texture.magFilter = THREE.LinearFilter;
  texture.minFilter = THREE.LinearMipmapLinearFilter;
  texture.generateMipmaps = true;
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.needsUpdate = true;
  const material = new THREE.SpriteMaterial({ map: texture, depthWrite: false, transparent: true });
  const entry = { texture, material, aspect: width / HEIGHT };
  cache.set(key, entry);
  if (cache.size > CACHE_LIMIT) {
    const [oldestKey, oldest] = cache.entries().next().value as [string, CachedText];
    cache.delete(oldestKey);
    oldest.texture.dispose();
    oldest.material.dispose();
  }
  return entry;
}

export function makeTextSprite(text: string, opts: { size?: number; color?: string } = {}): THREE.Sprite {
  const { material, aspect } = textTexture(text, opts.color ?? '#d8dee9');
  const sprite = new THREE.Sprite(material);
  const h = opts.size ?? 0.06;
  sprite.scale.set(h * aspect, h, 1);
  return sprite;
}
