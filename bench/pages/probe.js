// The bench's probes, loaded before anything else on each bench page. Every check runs once a
// frame and reads a constant amount of the page, so probing costs the same at 10 and 10,000 lines.
(() => {
  const longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });

  /** Resolves after the frame in which `check()` first holds has painted, with that time. */
  const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));

  const bench = {
    /** Set once `visible()` (defined by the page) first holds, after that frame painted. */
    visibleAt: 0,
    /** The long tasks that started at or after `since` (and before `until`). */
    longTasks(since, until = Infinity) {
      const list = longTasks.filter((t) => t.start >= since && t.start < until);
      return {
        count: list.length,
        longest: Math.max(0, ...list.map((t) => t.duration)),
        total: list.reduce((n, t) => n + t.duration, 0),
      };
    },
    /** Set with `visibleAt`: when the frame that painted the element began. */
    visibleFrame: 0,
    /** Script bytes the page had asked for by `until`: [url, decoded bytes][]. */
    scripts(until) {
      return performance
        .getEntriesByType('resource')
        .filter((e) => /\.m?js(\?|$)/.test(e.name) && e.startTime <= until)
        .map((e) => [new URL(e.name).pathname, e.decodedBodySize]);
    },
    /**
     * Waits for line `total` (its text says "Line {n}.") to be the last of `lastLine()`, noting when
     * each thousandth line was first seen painted. Resolves with [line, ms after `since`] pairs.
     */
    async lines(lastLine, total, since, timeoutMs = 300_000) {
      const marks = [];
      let next = 1000;
      for (;;) {
        const text = lastLine()?.textContent ?? '';
        const n = Number(/Line (\d+)\./.exec(text)?.[1] ?? 0);
        if (n >= Math.min(next, total)) {
          const at = await afterPaint();
          while (next <= n && next < total) marks.push([next, at - since]), (next += 1000);
          if (n >= total) {
            marks.push([total, at - since]);
            return marks;
          }
        }
        if (performance.now() - since > timeoutMs) throw new Error(`only ${n} of ${total} lines after ${timeoutMs} ms`);
        await new Promise(requestAnimationFrame);
      }
    },
    /**
     * Arms a probe of the next Enter in the page: the time from the key event to the frame in which
     * `painted()` holds, and the script run by the key's own task (its listeners and the microtasks
     * they queued). `painted` is checked once a frame.
     */
    armSend(painted) {
      return new Promise((resolve) => {
        let down = 0;
        let start = 0;
        let script = 0;
        const capture = (e) => {
          if (e.key !== 'Enter') return;
          down = e.timeStamp;
          start = performance.now();
        };
        const bubble = (e) => {
          if (e.key !== 'Enter') return;
          // Queued after everything the key's listeners queued: runs when their work is done.
          Promise.resolve().then(() => queueMicrotask(() => (script = performance.now() - start)));
        };
        addEventListener('keydown', capture, true);
        addEventListener('keydown', bubble);
        const check = async () => {
          if (down && painted()) {
            const at = await afterPaint();
            removeEventListener('keydown', capture, true);
            removeEventListener('keydown', bubble);
            resolve({ painted: at - down, script, tasks: bench.longTasks(start, at) });
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    },
  };
  window.bench = bench;

  const watchVisible = () => {
    if (bench.visible?.()) {
      // The frame that paints the element: what was requested before it is what the page waited for.
      bench.visibleFrame = performance.now();
      afterPaint().then((at) => (bench.visibleAt = at));
    }
    else requestAnimationFrame(watchVisible);
  };
  requestAnimationFrame(watchVisible);
})();
