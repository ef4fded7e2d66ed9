'use strict';
// How the WAL checkpointer's thread paces its checkpoints (wal-checkpointer.worker.js), apart
// from the thread so that tests can drive it. Plain JavaScript for the worker's reason.

/** Busy and locked (extended codes included: a recovery, another checkpoint) pass by themselves. */
const transient = (error) => typeof error?.code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(error.code);

/** The longest wait between two tries while checkpoints fail. */
const MAX_BACKOFF_MS = 1_000;

/** The wait before the next try after `failures` failures in a row. */
const delayAfter = (failures, intervalMs) =>
  failures === 0 ? intervalMs : Math.max(intervalMs, Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.min(failures, 16)));

/**
 * Runs `checkpoint` every `intervalMs` until the returned stop is called. A transient failure
 * is tried again at the next tick. Any other (a full disk, an I/O error) is told once through
 * `report('failing', error)` and tried again less and less often, up to a second apart (or
 * the interval, if longer), until a checkpoint passes (`report('recovered')`). The thread
 * never gives up: one that stopped after a full disk left its WAL to grow to SQLite's own
 * threshold, and that checkpoint to run inside a commit, until the process was restarted.
 */
const pace = ({ checkpoint, intervalMs, report, setTimer = setTimeout, clearTimer = clearTimeout }) => {
  let failures = 0;
  let stopped = false;
  let timer;
  const tick = () => {
    try {
      checkpoint();
      if (failures > 0) report('recovered');
      failures = 0;
    } catch (error) {
      if (!transient(error)) {
        if (failures === 0) report('failing', error);
        failures++;
      }
    }
    if (!stopped) timer = setTimer(tick, delayAfter(failures, intervalMs));
  };
  timer = setTimer(tick, intervalMs);
  return () => {
    stopped = true;
    clearTimer(timer);
  };
};

module.exports = { pace, delayAfter, MAX_BACKOFF_MS };
