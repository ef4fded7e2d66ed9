import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { startWorker, type Worker } from '../apps/worker/src/worker';
import { ApplicationModule } from '../libs/application/src/application.module';
import { openBackends, type Backends } from '../libs/application/src/backends';
import type { CommandResult } from '../libs/application/src/commands/command-result';
import type { Settler } from '../libs/application/src/commands/command-gateway';
import { loadConfig } from '../libs/application/src/config/config';
import { productEnv, type SyncMode } from './env';

/**
 * The product without HTTP: the same backends, worker (every projection and reactor) and
 * CommandBus handlers that `serve` wires, in this process. Commands go to the bus directly,
 * so nothing waits for read-your-writes settling (that belongs to the HTTP gateway).
 */
export type InProcessApp = {
  readonly backends: Backends;
  readonly worker: () => Worker;
  execute<B = Record<string, unknown>>(command: object): Promise<CommandResult<B & object>>;
  /** Waits until every projection and reactor has seen the log's head (follow-ups included). */
  settle(timeoutMs?: number): Promise<boolean>;
  /** A fresh worker from the stored checkpoints: its lag samples cover only what follows. */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
};

export const startInProcessApp = async (dataDir: string, sync: SyncMode): Promise<InProcessApp> => {
  const config = loadConfig(productEnv(dataDir, sync));
  const backends = await openBackends(config);
  let worker = await startWorker({ config, backends });
  const settler: Settler = { settle: (p, t) => worker.host.settle(p, t), status: () => worker.host.status() };
  let context: INestApplicationContext;
  try {
    context = await NestFactory.createApplicationContext(ApplicationModule.forRoot({ config, backends, settler }), { logger: false });
  } catch (error) {
    await worker.stop();
    await backends.close();
    throw error;
  }
  const bus = context.get(CommandBus);
  const settle = async (timeoutMs = 60_000) => worker.host.settle(await backends.eventStore.headPosition(), timeoutMs);
  return {
    backends,
    worker: () => worker,
    execute: (command) => bus.execute(command),
    settle,
    restartWorker: async () => {
      await worker.stop();
      worker = await startWorker({ config, backends });
    },
    stop: async () => {
      await context.close();
      await worker.stop();
      await backends.close();
    },
  };
};
