export { trustSignalsProjection, TRUST_SIGNALS, TRUST_SIGNAL_ENTRIES } from './projection';
export type { TrustSignalsDoc, TrustSignalEntryDoc, SignalEntry } from './projection';
