import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { ProcessorsThread } from '../apps/worker/src/thread/processors-thread-handle';
import { switchReadersOf } from '../libs/application/src/generations/generation-resolver';
import { startWorker } from '../apps/worker/src/worker';
import { ApplicationModule } from '../libs/application/src/application.module';
import { openBackends, type Backends } from '../libs/application/src/backends';
import type { CommandResult } from '../libs/application/src/commands/command-result';
import { loadConfig, type JobledgerConfig } from '../libs/application/src/config/config';
import { applyHeapGrowth } from '../libs/application/src/config/heap-growth';
import type { Settler } from '../libs/application/src/commands/command-gateway';
import type { ProcessorStatus } from '../libs/application/src/processing/processor-status';
import { productEnv, type SyncMode } from './env';

/**
 * The product without HTTP: the same backends and CommandBus handlers that `serve` wires, in
 * this process, with every projection and reactor where `serve` runs them: on the processors'
 * thread, or on this one with JOBLEDGER_WORKER_THREAD=off. Commands go to the bus directly, so
 * nothing waits for read-your-writes settling (that belongs to the HTTP gateway).
 */
export type InProcessApp = {
  readonly config: JobledgerConfig;
  readonly backends: Backends;
  execute<B = Record<string, unknown>>(command: object): Promise<CommandResult<B & object>>;
  /** Waits until every projection and reactor has seen the log's head (follow-ups included). */
  settle(timeoutMs?: number): Promise<boolean>;
  /** Every processor's status, asked of the processors' thread now. */
  processorStatus(): Promise<readonly ProcessorStatus[]>;
  /** A fresh processors' thread from the stored checkpoints: its lag samples cover only what follows. */
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
};

const failed = (error: Error) => {
  throw new Error(`bench: the processors' thread failed: ${error.message}`);
};

/** Projections and reactors as `serve` would run them with this configuration. */
type Processors = Settler & { currentStatus(): Promise<readonly ProcessorStatus[]>; stop(): Promise<void> };

const startProcessors = async (env: NodeJS.ProcessEnv, config: JobledgerConfig, backends: Backends): Promise<Processors> => {
  if (config.workerThread) return ProcessorsThread.start(env, backends.eventStore, failed, switchReadersOf(backends.readStore, config.generationCacheMs));
  const worker = await startWorker({ config, backends });
  return {
    settle: (p, t, types, followUps) => worker.host.settle(p, t, types, followUps),
    status: () => worker.host.status(),
    currentStatus: async () => worker.host.status(),
    stop: () => worker.stop(),
  };
};

export const startInProcessApp = async (dataDir: string, sync: SyncMode): Promise<InProcessApp> => {
  const env = { ...process.env, ...productEnv(dataDir, sync) };
  const config = loadConfig(env);
  applyHeapGrowth(config.heapGrowthPercent); // as `serve` does
  const backends = await openBackends(config);
  let processors: Processors;
  try {
    processors = await startProcessors(env, config, backends);
  } catch (error) {
    await backends.close();
    throw error;
  }
  let context: INestApplicationContext;
  try {
    const settler: Settler = { settle: (p, t, types, followUps) => processors.settle(p, t, types, followUps), status: () => processors.status() };
    context = await NestFactory.createApplicationContext(ApplicationModule.forRoot({ config, backends, settler }), { logger: false });
  } catch (error) {
    await processors.stop();
    await backends.close();
    throw error;
  }
  const bus = context.get(CommandBus);
  return {
    config,
    backends,
    execute: (command) => bus.execute(command),
    settle: async (timeoutMs = 60_000) => processors.settle(await backends.eventStore.headPosition(), timeoutMs),
    processorStatus: () => processors.currentStatus(),
    restartWorker: async () => {
      await processors.stop();
      processors = await startProcessors(env, config, backends);
    },
    stop: async () => {
      await context.close();
      await processors.stop();
      await backends.close();
    },
  };
};
