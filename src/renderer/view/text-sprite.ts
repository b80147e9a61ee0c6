/**
 * Text labels as sprites drawn on a 2D canvas with the system UI font: no font file is
 * fetched (3D text libraries load fonts from the network by default).
 */
import * as THREE from 'three';

export function makeTextSprite(text: string, opts: { size?: number; color?: string } = {}): THREE.Sprite {
  const px = 48;
  const font = `500 ${px}px system-ui, "DejaVu Sans", sans-serif`;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.font = font;
  const width = Math.ceil(ctx.measureText(text).width) + 16;
  canvas.width = width;
  canvas.height = px + 16;
  ctx.font = font;
  ctx.fillStyle = opts.color ?? '#d8dee9';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.fillText(text, width / 2, canvas.height / 2);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.anisotropy = 4;
  const material = new THREE.SpriteMaterial({ map: texture, depthWrite: false, transparent: true });
  const sprite = new THREE.Sprite(material);
  const h = opts.size ?? 0.06;
  sprite.scale.set((h * width) / canvas.height, h, 1);
  return sprite;
}

export function disposeSprite(sprite: THREE.Sprite): void {
  sprite.material.map?.dispose();
  sprite.material.dispose();
}
