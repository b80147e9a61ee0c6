/**
 * Yield to the event loop so that queued messages (a cancel request, a pause) are handled
 * between chunks of work. A MessageChannel round trip is used instead of setTimeout(0),
 * which browsers clamp to 4 ms after a few nested calls.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
