/**
 * Waiting for the GPU without blocking the UI thread. A synchronous WebGL call (a link
 * status, an extension, a limit) waits for the GPU process, which under software GL may be
 * busy for hundreds of ms; a fence's status, polled from timers, never waits
 * (docs/architecture.md §7).
 */

/** Resolves once the GPU has run every command issued so far (at once without WebGL 2). */
export function gpuIdle(ctx: WebGLRenderingContext | WebGL2RenderingContext): Promise<void> {
  if (!('fenceSync' in ctx)) return Promise.resolve();
  const sync = ctx.fenceSync(ctx.SYNC_GPU_COMMANDS_COMPLETE, 0);
  if (!sync) return Promise.resolve();
  ctx.flush();
  return new Promise((resolve) => {
    const poll = () => {
      if (ctx.isContextLost() || ctx.getSyncParameter(sync, ctx.SYNC_STATUS) === ctx.SIGNALED) {
        ctx.deleteSync(sync);
        resolve();
      } else setTimeout(poll, 16);
    };
    setTimeout(poll, 16);
  });
}
