export { recordsProjection, RECORDS } from './projection';
export type { RecordDoc } from './projection';
