import { spec } from '../testing/decider-specification';
import { requestDecider, type RequestCommand } from './decider';
import type { RequestEvent } from './events';

const request = spec(requestDecider);
const submit: RequestCommand = {
  type: 'SubmitRequest', requestId: 'req-1', projectSlug: 'detailing', surface: 'auto-detailing', tier: 'premium',
  customer: { name: 'Dana', contact: 'dana@example.com' }, details: 'Interior detail\nDog hair everywhere', notes: ' gate code 42 ',
};
const submitted: RequestEvent = {
  type: 'RequestSubmitted',
  data: {
    requestId: 'req-1', projectSlug: 'detailing', surface: 'auto-detailing', tier: 'premium',
    customer: { name: 'Dana', contact: 'dana@example.com' }, details: 'Interior detail\nDog hair everywhere', notes: 'gate code 42',
  },
};
const intaken: RequestEvent = { type: 'RequestIntaken', data: { taskId: 'task-1', summary: 'Interior detail', intakeNotes: '' } };
const withdrawn: RequestEvent = { type: 'RequestWithdrawn', data: { reason: 'sold the car' } };

describe('request', () => {
  it('submits a request', () => {
    request.given([]).when(submit).then([submitted]);
  });

  it('submits a request id once', () => {
    request.given([submitted]).when(submit).thenThrows('REQUEST_EXISTS', { kind: 'conflict' });
  });

  it('needs the customer and the details', () => {
    request.given([]).when({ ...submit, customer: { name: 'Dana', contact: ' ' } }).thenThrows('FIELD_REQUIRED', { details: { field: 'customer.contact' } });
    request.given([]).when({ ...submit, details: '' }).thenThrows('FIELD_REQUIRED', { details: { field: 'details' } });
  });

  it('intake opens a task, summarised by the first line of the details unless told', () => {
    request.given([submitted]).when({ type: 'IntakeRequest', taskId: 'task-1' }).then([intaken]);
    request.given([submitted]).when({ type: 'IntakeRequest', taskId: 'task-1', summary: 'Dog hair', intakeNotes: ' bring the vacuum ' })
      .then([{ type: 'RequestIntaken', data: { taskId: 'task-1', summary: 'Dog hair', intakeNotes: 'bring the vacuum' } }]);
  });

  it('is intaken at most once', () => {
    request.given([submitted, intaken]).when({ type: 'IntakeRequest', taskId: 'task-2' })
      .thenThrows('REQUEST_ALREADY_INTAKEN', { kind: 'conflict', details: { taskId: 'task-1' } });
  });

  it('is withdrawn only before intake', () => {
    request.given([submitted]).when({ type: 'WithdrawRequest', reason: 'sold the car' }).then([withdrawn]);
    request.given([submitted, intaken]).when({ type: 'WithdrawRequest', reason: 'sold the car' }).thenThrows('REQUEST_ALREADY_INTAKEN');
  });

  it('a withdrawn request is neither intaken nor withdrawn again', () => {
    request.given([submitted, withdrawn]).when({ type: 'IntakeRequest', taskId: 'task-1' }).thenThrows('REQUEST_WITHDRAWN', { kind: 'conflict' });
    request.given([submitted, withdrawn]).when({ type: 'WithdrawRequest', reason: 'again' }).thenThrows('REQUEST_WITHDRAWN');
  });

  it('needs a reason to withdraw', () => {
    request.given([submitted]).when({ type: 'WithdrawRequest', reason: ' ' }).thenThrows('FIELD_REQUIRED');
  });

  it('knows nothing of a request never submitted', () => {
    request.given([]).when({ type: 'IntakeRequest', taskId: 'task-1' }).thenThrows('REQUEST_NOT_FOUND', { kind: 'not_found' });
  });
});
