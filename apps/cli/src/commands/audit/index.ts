import type { Command } from 'commander';
import { registerAuditEvents } from './events';
import { registerAuditExport } from './export';
import { registerAuditState } from './state';
import { registerAuditVerify } from './verify';

/** `jobledger audit events|state|verify|export`: replay, time travel and verification. */
export const registerAudit = (program: Command) => {
  const audit = program.command('audit').description('replay a job, travel back in its history, verify sealed records (admin or auditor token)');
  registerAuditEvents(audit);
  registerAuditState(audit);
  registerAuditVerify(audit);
  registerAuditExport(audit);
};
