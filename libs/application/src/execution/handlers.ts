import { Inject } from '@nestjs/common';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { recordIdForServiceEvent } from '../../../domain/src/record/seal';
import { BLOB_STORE, type BlobStore, type StoredBlob } from '../../../blobstore/src/port';
import { requireMayCaptureEvidence } from '../../../domain/src/job/rules';
import { sameAssignee } from '../../../domain/src/shared/assignee';
import { accessViewOf, executorOf, requireRole } from '../auth/policy';
import { newIdFor } from '../commands/command-context';
import { addSeconds } from '../../../domain/src/job/backoff';
import { claimJob } from './claim';
import { findEvent as find } from './find-event';
import { effectsOf, type CommandResult } from '../commands/command-result';
import {
  CaptureEvidenceCommand, ClaimJobCommand, CompleteServiceEventCommand, FailServiceEventCommand, HeartbeatCommand, ReleaseJobCommand,
  MayCaptureEvidenceQuery, StartServiceEventCommand,
} from './commands';
import { JobCommands } from './job-commands.service';

@CommandHandler(ClaimJobCommand)
export class ClaimJobHandler implements ICommandHandler<ClaimJobCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  execute({ principal, ctx, jobId, input }: ClaimJobCommand): Promise<CommandResult> {
    return claimJob(this.jobs, principal, ctx, jobId, input);
  }
}

@CommandHandler(StartServiceEventCommand)
export class StartServiceEventHandler implements ICommandHandler<StartServiceEventCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute({ principal, ctx, jobId, serviceEventId }: StartServiceEventCommand): Promise<CommandResult> {
    // The claimant's access decides, whoever (the claimant, or an admin for them) starts it.
    const o = await this.jobs.run(principal, ctx, jobId, 'operatorClaimant', async (job, caller) => {
      const claimant = job.attempt?.claimant ?? null;
      const callerIsClaimant = claimant !== null && sameAssignee(claimant, principal.role === 'admin' ? null : executorOf(principal));
      return {
        type: 'StartServiceEvent' as const, serviceEventId, now: ctx.now,
        claimantView: callerIsClaimant ? caller : await accessViewOf(this.jobs.runner.store, claimant),
      };
    }, serviceEventId);
    return { body: { jobId, serviceEventId, status: 'in_progress', startedAt: find(o.events, 'ServiceEventStarted')?.data.startedAt }, ...effectsOf(o) };
  }
}

@CommandHandler(HeartbeatCommand)
export class HeartbeatHandler implements ICommandHandler<HeartbeatCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute({ principal, ctx, jobId, serviceEventId }: HeartbeatCommand): Promise<CommandResult> {
    const o = await this.jobs.run(principal, ctx, jobId, 'claimant', (job) => ({
      type: 'ExtendLease' as const, serviceEventId, now: ctx.now,
      leaseExpiresAt: addSeconds(ctx.now, this.jobs.runner.config.leaseSeconds[job.attempt?.claimant.kind ?? 'agent']),
    }), serviceEventId);
    return { body: { jobId, serviceEventId, leaseExpiresAt: find(o.events, 'LeaseExtended')?.data.leaseExpiresAt }, ...effectsOf(o) };
  }
}

/**
 * The checks of an upload that need nothing of its body (an executor's role, its access, the
 * job visible to it), made before up to 25 MiB are read for a caller who may not touch the
 * job. Whose attempt it is waits for the body's serviceEventId (a stale one is a 409, not a
 * 403); the command makes every check again, with the rest. A repeat passes, as it does in
 * the command.
 */
@QueryHandler(MayCaptureEvidenceQuery)
export class MayCaptureEvidenceHandler implements IQueryHandler<MayCaptureEvidenceQuery, void> {
  constructor(private readonly jobs: JobCommands) {}
  async execute({ principal, ctx, jobId }: MayCaptureEvidenceQuery): Promise<void> {
    requireRole(principal, 'operator');
    if (await this.jobs.appendedBefore(jobId, ctx)) return; // a repeat: answered with what it stored, whoever holds the job now
    await this.jobs.inspect(principal, jobId, 'any', () => undefined);
  }
}

@CommandHandler(CaptureEvidenceCommand)
export class CaptureEvidenceHandler implements ICommandHandler<CaptureEvidenceCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands, @Inject(BLOB_STORE) private readonly blobs: BlobStore) {}
  async execute({ principal, ctx, jobId, input }: CaptureEvidenceCommand): Promise<CommandResult> {
    // Check before storing anything (nobody fills the disk through a job they may not touch),
    // then bytes, then the event that references them: an event never points at missing bytes.
    // A repeat skips both: it is answered with what it stored, even once the attempt has ended.
    let blob: StoredBlob | null = null;
    if (!(await this.jobs.appendedBefore(jobId, ctx))) {
      await this.jobs.inspect(principal, jobId, 'operatorClaimant', (job) => void requireMayCaptureEvidence(job, input.serviceEventId, input.category), input.serviceEventId);
      blob = await this.blobs.put(input.bytes, input.declaredContentType);
    }
    const o = await this.jobs.run(principal, ctx, jobId, 'operatorClaimant', () => {
      // Events never disappear from a stream, so a command found there is answered from it, undecided.
      if (!blob) throw new Error(`evidence command ${ctx.commandId} was in ${jobId} and is being decided again`);
      return {
        type: 'CaptureEvidence' as const, serviceEventId: input.serviceEventId, now: ctx.now, evidenceId: newIdFor(ctx, 'evidenceId'),
        category: input.category, note: input.note, contentType: blob.contentType, sizeBytes: blob.sizeBytes, sha256: blob.sha256, blobRef: blob.blobRef,
      };
    }, input.serviceEventId);
    const e = find(o.events, 'EvidenceCaptured');
    return {
      body: { jobId, serviceEventId: e?.data.serviceEventId, evidenceId: e?.data.evidenceId, category: e?.data.category, sha256: e?.data.sha256, sizeBytes: e?.data.sizeBytes, contentType: e?.data.contentType },
      ...effectsOf(o),
    };
  }
}

@CommandHandler(CompleteServiceEventCommand)
export class CompleteServiceEventHandler implements ICommandHandler<CompleteServiceEventCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute({ principal, ctx, jobId, input }: CompleteServiceEventCommand): Promise<CommandResult> {
    const o = await this.jobs.run(principal, ctx, jobId, 'operatorClaimant', () => ({ type: 'CompleteServiceEvent' as const, ...input, now: ctx.now }), input.serviceEventId);
    const phase = o.state.status === 'created' ? o.state.phase : null;
    // Without review, completion seals a record whose id derives from the ServiceEvent.
    const recordId = phase === 'done' ? recordIdForServiceEvent(input.serviceEventId) : null;
    return { body: { jobId, serviceEventId: input.serviceEventId, status: 'completed', phase, recordId }, ...effectsOf(o) };
  }
}

@CommandHandler(FailServiceEventCommand)
export class FailServiceEventHandler implements ICommandHandler<FailServiceEventCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute({ principal, ctx, jobId, input }: FailServiceEventCommand): Promise<CommandResult> {
    const o = await this.jobs.run(principal, ctx, jobId, 'operatorClaimant', () => ({ type: 'FailServiceEvent' as const, ...input, now: ctx.now }), input.serviceEventId);
    const s = o.state.status === 'created' ? o.state : null;
    return { body: { jobId, serviceEventId: input.serviceEventId, status: 'failed', phase: s?.phase, resolution: s?.resolution }, ...effectsOf(o) };
  }
}

@CommandHandler(ReleaseJobCommand)
export class ReleaseJobHandler implements ICommandHandler<ReleaseJobCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute({ principal, ctx, jobId, input }: ReleaseJobCommand): Promise<CommandResult> {
    const o = await this.jobs.run(principal, ctx, jobId, 'claimant', () => ({
      type: 'ReleaseJob' as const, serviceEventId: input.serviceEventId, reason: input.reason?.trim() || 'released', now: ctx.now,
    }), input.serviceEventId);
    return { body: { jobId, serviceEventId: input.serviceEventId, status: 'released', phase: o.state.status === 'created' ? o.state.phase : null }, ...effectsOf(o) };
  }
}
