export { trustSignalsProjection, TRUST_SIGNALS } from './projection';
export type { TrustSignalsDoc, SignalEntry } from './projection';
