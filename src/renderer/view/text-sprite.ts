/**
 * Text labels as sprites drawn on a 2D canvas with the system UI font: no font file is
 * fetched (3D text libraries load fonts from the network by default).
 * Textures are cached by text and colour: the axes are rebuilt for every live snapshot of
 * a solve (their value range changes), and drawing and uploading text each time would
 * block the UI thread.
 */
import * as THREE from 'three';

interface CachedText {
  texture: THREE.CanvasTexture;
  aspect: number;
}

const CACHE_LIMIT = 512;
const cache = new Map<string, CachedText>();

function textTexture(text: string, color: string): CachedText {
  const key = `${color}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place in the insertion order (least recently used is evicted first).
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const px = 48;
  const font = `500 ${px}px system-ui, "DejaVu Sans", sans-serif`;
  const canvas = document.createElement('canvas');
  // A CPU canvas: it is only uploaded as a texture, and a GPU one would wait for the GPU
  // (see charts/software-canvas.ts).
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.font = font;
  const width = Math.ceil(ctx.measureText(text).width) + 16;
  canvas.width = width;
  canvas.height = px + 16;
  ctx.font = font;
  ctx.fillStyle = color;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.fillText(text, width / 2, canvas.height / 2);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.anisotropy = 4;
  const entry = { texture, aspect: width / canvas.height };
  cache.set(key, entry);
  if (cache.size > CACHE_LIMIT) {
    const [oldestKey, oldest] = cache.entries().next().value as [string, CachedText];
    cache.delete(oldestKey);
    oldest.texture.dispose();
  }
  return entry;
}

export function makeTextSprite(text: string, opts: { size?: number; color?: string } = {}): THREE.Sprite {
  const { texture, aspect } = textTexture(text, opts.color ?? '#d8dee9');
  const material = new THREE.SpriteMaterial({ map: texture, depthWrite: false, transparent: true });
  const sprite = new THREE.Sprite(material);
  const h = opts.size ?? 0.06;
  sprite.scale.set(h * aspect, h, 1);
  return sprite;
}

/** Dispose the sprite's own material; its texture stays in the shared cache. */
export function disposeSprite(sprite: THREE.Sprite): void {
  sprite.material.dispose();
}
