'use strict';
// Checkpoints one SQLite file in WAL mode, on a thread of its own (workerData: file,
// synchronous, intervalMs).
//
// Why: SQLite's automatic checkpoint runs inside the COMMIT that pushes the WAL past its
// threshold, on whatever thread committed — the API's event loop for appends, the processors'
// thread for read models. Copying the WAL back into the database and syncing it is the largest
// single cost of a read-model commit under load (measured: ~60 % of the commit time of the
// processors' thread). Here it runs beside them. The stores keep an automatic checkpoint at a
// far higher threshold as a safety net, should this thread ever stop.
//
// PASSIVE never waits for a lock: it copies what no reader still needs and leaves the rest for
// the next tick, so writers and readers never wait for it. Committed data is already durable
// in the WAL (synchronous=FULL syncs every commit), so moving the checkpoint changes nothing
// about what an acknowledged write survives.
//
// Plain JavaScript on purpose: a worker thread loads a file, and this one must load the same
// way from the sources (tests) and from the build (tsc copies it, allowJs).
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const { pace } = require('./checkpoint-pace');

const { file, synchronous, intervalMs } = workerData;
const db = new Database(file);
db.pragma('busy_timeout = 0'); // never wait: the next tick tries again
db.pragma(`synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
db.pragma('wal_autocheckpoint = 0'); // this connection never writes; say so anyway

const stop = pace({
  checkpoint: () => db.pragma('wal_checkpoint(PASSIVE)'),
  intervalMs,
  report: (what, error) => parentPort.postMessage({ type: what, error: error === undefined ? undefined : `${error.code ?? error.name}: ${error.message}` }),
});

parentPort.on('message', (message) => {
  if (message.type === 'stop') {
    stop();
    db.close();
    parentPort.close();
  }
});
