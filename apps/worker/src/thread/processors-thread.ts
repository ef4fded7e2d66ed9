import { parentPort, workerData } from 'node:worker_threads';
import { openBackends } from '../../../../libs/application/src/backends';
import { loadConfig } from '../../../../libs/application/src/config/config';
import { useJsonLogs } from '../../../../libs/application/src/operations/json-logs';
import { startWorker } from '../worker';
import { ParentAppends } from './parent-appends';
import { SeenPusher } from './seen-pusher';
import { STATUS_EVERY_MS, type ThreadData, type ThreadMessage, type ThreadRequest } from './protocol';

const describe = (error: unknown): string => (error instanceof Error ? error.stack ?? error.message : String(error));

/**
 * The processors' thread of `serve --role all`: the same worker a `--role worker` process runs
 * (its own connections, leases and subscriptions), answering the API's thread over messages.
 * Appends made on either thread wake the other's subscriptions at once (AppendNotifier).
 */
const run = async (port: NonNullable<typeof parentPort>, { env }: ThreadData): Promise<void> => {
  const say = (message: ThreadMessage) => port.postMessage(message);
  useJsonLogs(env);
  const config = { ...loadConfig(env), role: 'worker' as const };
  const opened = await openBackends(config, { checkpointer: false }); // the API thread's stores run it
  const appends = new ParentAppends(opened.eventStore, say);
  // Before any processor starts: reactors catching up append at once.
  port.on('message', (message: ThreadRequest) => appends.receive(message));
  const backends = {
    ...opened,
    eventStore: appends,
    close: async () => {
      appends.refusePending();
      await opened.close();
    },
  };
  // The API thread reads the read models through its own connection and generation cache: a
  // switch is told there before the pushes that count the new generation's writes (same port,
  // so in order), or a settled command could read the old generation for up to its cache time.
  const worker = await startWorker({ config, backends, onSwitch: (projection, generation) => say({ type: 'switched', projection, generation }) });
  // Created now, its first push sent a microtask after `ready`: the API's side mirrors from there.
  const pusher = new SeenPusher(worker, (push) => say({ type: 'seen', ...push }));
  const status = setInterval(() => {
    say({ type: 'status', status: worker.settler.status() });
    pusher.checkLeases();
  }, STATUS_EVERY_MS);
  say({ type: 'status', status: worker.settler.status() });
  say({ type: 'ready', holder: worker.leases.holder, processors: pusher.describe() });

  port.on('message', (request: ThreadRequest) => {
    if (request.type === 'appended' || request.type === 'append-refused') return; // answered above
    const answer = (value: Extract<ThreadMessage, { type: 'answer' }>['value']) => say({ type: 'answer', id: request.id, value });
    const refuse = (error: unknown) => say({ type: 'refused', id: request.id, error: describe(error) });
    switch (request.type) {
      case 'settle':
        worker.settler.settle(request.position, request.timeoutMs, request.eventTypes, request.followUps).then(answer, refuse);
        return;
      case 'progress':
        worker.settler.progress().then(answer, refuse);
        return;
      case 'status':
        answer(worker.settler.status());
        return;
      case 'stop':
        clearInterval(status);
        worker
          .stop() // its runners' last pushes (their stops) still reach the API's side
          .then(() => {
            pusher.stop();
            return backends.close();
          })
          .then(
            () => answer(true),
            (error: unknown) => refuse(error),
          )
          .finally(() => port.close()); // the thread ends either way: nothing else holds it
    }
  });
};

if (parentPort) {
  const port = parentPort;
  run(port, workerData as ThreadData).catch((error: unknown) =>
    port.postMessage({ type: 'failed', error: describe(error) } satisfies ThreadMessage),
  );
}
