/**
 * Giving the host's event loop a turn: the training loop does it between batches (so the worker
 * hears Pause and Stop), and shared scoring between chunks (so helper threads' replies arrive).
 */

/** A macrotask yield without setTimeout's 4 ms clamp (MessageChannel where it exists). */
export function macrotaskYield(): Promise<void> {
  if (typeof MessageChannel !== 'undefined') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
